// Draws {nodes: [{id, label, kind}], edges: [{source, target, label}]} with
// cytoscape (served from this server). Labels are drawn on the canvas as
// text, never parsed as markup. The container's data-rendered attribute
// lists the drawn node ids, for a test or a screen reader's list.
'use strict';
window.dgGraph = {
  colors: {
    Person: '#2f6fde', Team: '#7a4fd6', Service: '#0f8a6a', Credential: '#c77700', Entitlement: '#6b7280',
    NHI: '#b83280', Account: '#1d4ed8', Identity: '#1d4ed8', Activity: '#9ca3af', Finding: '#dc2626', Node: '#374151',
  },
  /**
   * Two different nodes never share a label: when they would (two keys of
   * one user, two users of one name), each gets its own id after it.
   */
  uniqueLabels(nodes) {
    const seen = new Map();
    for (const n of nodes) seen.set(n.label, (seen.get(n.label) || 0) + 1);
    return nodes.map((n) => {
      if (seen.get(n.label) < 2) return n;
      // Keys are source:container:type:nativeId; the native id tells them apart.
      const parts = String(n.id).split(':');
      const own = parts.length > 3 ? parts.slice(3).join(':') : n.id;
      return { ...n, label: n.label.endsWith(own) ? n.label + ' (' + n.id + ')' : n.label + ' ' + own };
    });
  },
  draw(container, graph, listEl) {
    graph = { ...graph, nodes: this.uniqueLabels(graph.nodes) };
    const elements = [
      ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, subject: n.subject ? 'yes' : 'no' } })),
      ...graph.edges.map((e, i) => ({ data: { id: 'e' + i, source: e.source, target: e.target, label: e.label } })),
    ];
    const colors = this.colors;
    const cy = cytoscape({
      container,
      elements,
      // Labels count as part of a node's size, so the layout keeps them apart.
      layout: graph.nodes.length > 12
        ? { name: 'cose', padding: 20, animate: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 40000, idealEdgeLength: () => 90 }
        : { name: 'breadthfirst', directed: true, padding: 20, animate: false, spacingFactor: 1.1, nodeDimensionsIncludeLabels: true },
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: { label: 'data(label)', 'background-color': (n) => colors[n.data('kind')] || colors.Node, color: '#111827', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 130, 'text-valign': 'bottom', 'text-margin-y': 4, width: 26, height: 26 } },
        { selector: 'node[subject = "yes"]', style: { 'border-width': 4, 'border-color': '#dc2626', width: 34, height: 34 } },
        { selector: 'edge', style: { label: 'data(label)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5, 'line-color': '#9ca3af', 'target-arrow-color': '#9ca3af', 'font-size': 8, color: '#4b5563', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8 } },
      ],
    });
    container.dataset.rendered = graph.nodes.map((n) => n.id).join('\n');
    container.dataset.labels = graph.nodes.map((n) => n.label).join('\n');
    if (listEl) {
      listEl.replaceChildren(...graph.nodes.map((n) => dg.el('li', { class: 'kind-' + n.kind }, dg.el('strong', { text: n.kind }), ' ', n.label)));
    }
    return cy;
  },
};
