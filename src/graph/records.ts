// Graph records: what a connector's mapper produces and the writer stores.
// Every node is keyed by a string built from the provider's native id, its
// source and its container, so the same thing gets the same key on every scan,
// store and machine (see docs/graph-model.md).

/** A property value both stores accept: scalars and homogeneous lists of them. */
export type PropValue = string | number | boolean | null | string[] | number[] | boolean[];
export type Props = Record<string, PropValue | undefined>;

/** The node labels the product writes. Labels are code constants, never input. */
export const NODE_LABELS = [
  'Person',
  'Identity', // an account or a non-human identity; see `isNhi`
  'Credential',
  'Team',
  'Service',
  'CatalogUser',
  'Entitlement',
  'Device',
  'Activity',
  'Policy',
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export const EDGE_TYPES = [
  'LINKED_TO', // Identity -> Person (derived, `method`)
  'OWNED_BY', // Identity|Credential -> Person|Team (derived, `method`, `value`)
  'AUTHENTICATES_AS', // Credential -> Identity
  'HOLDS', // Identity -> Entitlement
  'MEMBER_OF', // Person -> Team (derived from the catalog)
  'CHILD_OF', // Team -> Team
  'RUNS_AS', // Service -> Identity|Credential (derived from the annotation)
  'ACTS_AS', // Identity -> Identity: a workload identity runs as a cloud identity (derived from `actsAsValues`)
  'PERFORMED', // Identity -> Activity (CloudTrail); Person -> Activity (sign-ins, derived)
  'REPORTS_TO', // Person -> Person (HR manager)
  'USES_DEVICE', // Person -> Device (derived: the inventory's owner email)
  'FROM_DEVICE', // Activity -> Device (derived: a sign-in's device id)
  'ABOUT', // Finding -> its subject
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface GraphNode {
  label: NodeLabel;
  /** Stable key: `<source>:<container>:<type>:<native id>`; see nodeKey(). */
  key: string;
  /** Must include source, container, type, nativeId; name when there is one. */
  props: Props;
}

export interface GraphEdge {
  type: EdgeType;
  /** Keys of the two endpoint nodes (any label). */
  from: string;
  to: string;
  props?: Props;
}

export interface GraphBatch {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** `<source>:<container>:<type>:<native id>`; container is '' for hr and catalog. */
export function nodeKey(source: string, container: string, type: string, nativeId: string): string {
  return `${source}:${container}:${type}:${nativeId}`;
}

/**
 * The five properties every node a connector writes carries: its source, its
 * container (account, project, org, app; '' for a source without any), its
 * type within the source, its id there and a name people know it by. The
 * findings' subject, the removal guard and the views read them; build them
 * here so every source spells them alike.
 */
export function identityProps(source: string, container: string, type: string, nativeId: string, name: string | null): Props {
  return { source, container, type, nativeId, name };
}

export function emptyBatch(): GraphBatch {
  return { nodes: [], edges: [] };
}
