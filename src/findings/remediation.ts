// Remediation: the exact CLI command where the provider has one, else a short
// instruction. Built only from identifiers (names, ids, ARNs): never from a
// secret value.
import type { FindingSubject } from './finding.js';
import { remediationTemplates } from '../../connectors/index.js';

export interface RemediationInput {
  ruleId?: string;
  action: string;
  subject: FindingSubject;
  props: Record<string, unknown>;
  evidence: Record<string, unknown>;
  entitlement: string | null;
}

const q = (s: unknown) => {
  const v = String(s ?? '');
  return /^[A-Za-z0-9_+=,.@\-/:]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
};

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function awsKeyOff(user: unknown, key: string): string {
  return `aws iam update-access-key --user-name ${q(user)} --access-key-id ${q(key)} --status Inactive`;
}

function awsUserName(input: RemediationInput): string {
  return String(input.props.userName ?? input.subject.name ?? input.subject.id.split('/').pop());
}

function aws(input: RemediationInput): string | null {
  const { action, subject, evidence } = input;
  const name = subject.name ?? subject.id.split('/').pop() ?? subject.id;
  const isUser = subject.type === 'user';
  const isRole = subject.type === 'role';
  const isKey = subject.type === 'access-key';
  const root = input.props.isRoot === true;
  switch (action) {
    case 'disable-account': {
      if (!isUser || root) break;
      const steps: string[] = [];
      if (input.props.hasPassword === true) steps.push(`aws iam delete-login-profile --user-name ${q(name)}`);
      for (const k of list(evidence.activeCredentials)) steps.push(awsKeyOff(name, k));
      if (!steps.length) steps.push(`aws iam delete-login-profile --user-name ${q(name)}`);
      return steps.join(' && ');
    }
    case 'deactivate-credential':
      if (isKey) return awsKeyOff(awsUserName(input), subject.id);
      break;
    case 'rotate-credential':
      if (isKey) {
        const user = awsUserName(input);
        return `aws iam create-access-key --user-name ${q(user)} && ${awsKeyOff(user, subject.id)}`;
      }
      break;
    case 'assign-owner':
    case 'reassign-owner':
      if (isRole) return `aws iam tag-role --role-name ${q(name)} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
      if (isUser) return `aws iam tag-user --user-name ${q(name)} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
      if (isKey) return `aws iam tag-user --user-name ${q(awsUserName(input))} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
      break;
    case 'decommission-identity':
      if (isRole) return `aws iam list-attached-role-policies --role-name ${q(name)} && aws iam delete-role --role-name ${q(name)}`;
      if (isUser) return `aws iam delete-login-profile --user-name ${q(name)}; aws iam list-access-keys --user-name ${q(name)}`;
      if (isKey) return awsKeyOff(awsUserName(input), subject.id);
      break;
    case 'enforce-mfa':
      if (root) return 'Sign in as the root user and assign an MFA device (Security credentials page); AWS has no CLI for root MFA';
      if (isUser) {
        const account = subject.container ?? 'ACCOUNT_ID';
        return (
          `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${q(name)} --outfile ${q(name)}-mfa.png --bootstrap-method QRCodePNG && ` +
          `aws iam enable-mfa-device --user-name ${q(name)} --serial-number arn:aws:iam::${account}:mfa/${name} --authentication-code1 CODE1 --authentication-code2 CODE2`
        );
      }
      break;
    case 'remove-console-access':
      if (isUser) return `aws iam delete-login-profile --user-name ${q(name)}`;
      break;
    case 'restrict-trust':
      if (isRole) return `aws iam update-assume-role-policy --role-name ${q(name)} --policy-document file://trust-policy.json  # pin token.actions.githubusercontent.com:sub to one repository (StringEquals)`;
      break;
    case 'investigate-activity':
      return `aws cloudtrail lookup-events --lookup-attributes AttributeKey=${isRole ? 'ResourceName' : 'Username'},AttributeValue=${q(name)} --region ${q(firstRegion(evidence))}`;
    case 'link-or-remove-account':
      if (isUser) return `aws iam tag-user --user-name ${q(name)} --tags Key=email,Value=PERSON_EMAIL  # or remove it: aws iam delete-login-profile --user-name ${q(name)}`;
      break;
    case 'split-identity':
      if (isRole) return `Create one role per service (aws iam create-role --role-name SERVICE-role ...) and remove ${name} from all but one catalog entry`;
      break;
  }
  return null;
}

function firstRegion(evidence: Record<string, unknown>): string {
  const calls = Array.isArray(evidence.calls) ? (evidence.calls as { region?: string }[]) : [];
  return calls[0]?.region ?? 'us-east-1';
}

const GENERIC: Record<string, string> = {
  'disable-account': 'Disable or delete the account in {source} ({container})',
  'deactivate-credential': 'Deactivate or delete the credential {id} in {source}',
  'rotate-credential': 'Rotate the credential {id}: issue a new one with an expiry, then revoke this one',
  'assign-owner': 'Declare an owner: list it in the catalog (driftgraph.dev/identities) or tag it with owner=<email or team>',
  'reassign-owner': 'Hand {id} to an active owner (catalog spec.owner or owner tag), or decommission it',
  'decommission-identity': 'Disable {id}: the service that used it is retired',
  'enforce-mfa': 'Require MFA for {id}',
  'remove-console-access': 'Remove the console password of {id}: a non-human identity needs no interactive sign-in',
  'restrict-trust': 'Restrict the trust of {id} to one exact repository',
  'investigate-activity': 'Confirm the activity of {id} with its owner; restrict where it can act from',
  'link-or-remove-account': 'Link {id} to its person (email, SAML identity, or a manual link in driftgraph.yaml) or remove it',
  'remove-entitlement': 'Remove {entitlement} from {id}',
  'split-identity': 'Give each service its own identity instead of sharing {id}',
};

function moverAws(input: RemediationInput): string | null {
  if (input.action !== 'remove-entitlement' || !input.entitlement?.startsWith('arn:aws:iam::')) return null;
  const group = input.entitlement.split('/').pop()!;
  const users = list(input.evidence.viaAccounts);
  if (!users.length) return null;
  return users.map((u) => `aws iam remove-user-from-group --user-name ${q(u)} --group-name ${q(group)}`).join(' && ');
}

/** The first template of a connector (the subject's own source first) that has a command for it. */
function fromConnectors(input: RemediationInput): string | null {
  for (const template of remediationTemplates(input.action, input.subject.source)) {
    const line = template({ ...input, ruleId: input.ruleId ?? '' });
    if (line) return line;
  }
  return null;
}

export function remediationFor(input: RemediationInput): string {
  const specific = (input.subject.source === 'aws' ? aws(input) : null) ?? fromConnectors(input) ?? moverAws(input);
  if (specific) return specific;
  const template = GENERIC[input.action] ?? 'Review {id}';
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    k === 'entitlement' ? String(input.entitlement ?? '') : String((input.subject as unknown as Record<string, unknown>)[k] ?? ''),
  );
}
