// AWS remediations: the exact `aws` CLI command for each action and subject.
// Built only from identifiers (names, ids, ARNs), never from a secret value,
// and every value goes through shellQuote: an IAM name such as
// `x;$(touch pwned)` stays one inert argument when an operator pastes it.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';
import { awsSecretRemediations } from './remediation-secrets.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The IAM name of the subject: user or role name (the last part of its ARN). */
function iamName(input: RemediationInput): string {
  const { subject } = input;
  return subject.name ?? subject.id.split('/').pop() ?? subject.id;
}

/** The user a key belongs to. */
function keyUser(input: RemediationInput): string {
  return String(input.props.userName ?? input.subject.name ?? input.subject.id.split('/').pop());
}

const keyOff = (user: string, key: string) =>
  `aws iam update-access-key --user-name ${q(user)} --access-key-id ${q(key)} --status Inactive`;

const isUser = (i: RemediationInput) => i.subject.type === 'user' && i.props.isRoot !== true;
const isRole = (i: RemediationInput) => i.subject.type === 'role';
const isKey = (i: RemediationInput) => i.subject.type === 'access-key';

/** Everything `delete-role` refuses to run past: inline policies, attached policies, instance profiles. */
function deleteRole(name: string): string {
  const r = q(name);
  return [
    `for p in $(aws iam list-role-policies --role-name ${r} --query PolicyNames --output text); do aws iam delete-role-policy --role-name ${r} --policy-name "$p"; done`,
    `for a in $(aws iam list-attached-role-policies --role-name ${r} --query 'AttachedPolicies[].PolicyArn' --output text); do aws iam detach-role-policy --role-name ${r} --policy-arn "$a"; done`,
    `for i in $(aws iam list-instance-profiles-for-role --role-name ${r} --query 'InstanceProfiles[].InstanceProfileName' --output text); do aws iam remove-role-from-instance-profile --instance-profile-name "$i" --role-name ${r}; done`,
    `aws iam delete-role --role-name ${r}`,
  ].join(' && ');
}

/**
 * Retire a key without an outage and without a secret on screen: deactivate
 * it (reversible), watch that nothing used it, then delete it. A replacement,
 * when one is needed, is issued into the secret store by whoever deploys it.
 */
function retireKey(user: string, key: string): string {
  return (
    `${keyOff(user, key)} && aws iam get-access-key-last-used --access-key-id ${q(key)}` +
    `  # after a quiet observation period: aws iam delete-access-key --user-name ${q(user)} --access-key-id ${q(key)}`
  );
}

const iamRemediations: Record<string, RemediationTemplate> = {
  'disable-account': (i) => {
    if (!isUser(i)) return null;
    const name = iamName(i);
    const steps: string[] = [];
    if (i.props.hasPassword === true) steps.push(`aws iam delete-login-profile --user-name ${q(name)}`);
    for (const k of list(i.evidence.activeCredentials)) steps.push(keyOff(name, k));
    if (!steps.length) steps.push(`aws iam delete-login-profile --user-name ${q(name)}`);
    return steps.join(' && ');
  },
  'deactivate-credential': (i) => (isKey(i) ? keyOff(keyUser(i), i.subject.id) : null),
  'rotate-credential': (i) => {
    if (!isKey(i)) return null;
    const user = keyUser(i);
    return `# deploy a replacement key through your secret store first; then retire this one: ${retireKey(user, i.subject.id)}`;
  },
  'assign-owner': (i) => tagOwner(i),
  'reassign-owner': (i) => tagOwner(i),
  'decommission-identity': (i) => {
    if (isRole(i)) return deleteRole(iamName(i));
    if (isUser(i)) {
      const name = q(iamName(i));
      return (
        `aws iam delete-login-profile --user-name ${name}; ` +
        `for k in $(aws iam list-access-keys --user-name ${name} --query 'AccessKeyMetadata[].AccessKeyId' --output text); do aws iam update-access-key --user-name ${name} --access-key-id "$k" --status Inactive; done`
      );
    }
    if (isKey(i)) return keyOff(keyUser(i), i.subject.id);
    return null;
  },
  'enforce-mfa': (i) => {
    if (i.props.isRoot === true) {
      return 'Sign in as the root user and assign an MFA device (Security credentials page); AWS has no CLI for root MFA';
    }
    if (!isUser(i)) return null;
    const name = iamName(i);
    const account = i.subject.container ?? 'ACCOUNT_ID';
    const serial = `arn:aws:iam::${account}:mfa/${name}`;
    return (
      `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${q(name)} --outfile ${q(`${name}-mfa.png`)} --bootstrap-method QRCodePNG && ` +
      `aws iam enable-mfa-device --user-name ${q(name)} --serial-number ${q(serial)} --authentication-code1 CODE1 --authentication-code2 CODE2`
    );
  },
  'remove-console-access': (i) => (isUser(i) ? `aws iam delete-login-profile --user-name ${q(iamName(i))}` : null),
  'restrict-trust': (i) => {
    if (!isRole(i)) return null;
    const issues = list(i.evidence.issues ?? i.props.trustIssues).join(' ');
    const eks = /oidc\.eks\.[^ ]*amazonaws\.com/.test(issues);
    const pin = eks
      ? 'add a StringEquals condition on <provider>:sub = system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT and <provider>:aud = sts.amazonaws.com'
      : /token\.actions\.githubusercontent\.com/.test(issues)
        ? 'pin token.actions.githubusercontent.com:sub to one repository with StringEquals (repo:ORG/REPO:ref:refs/heads/main or :environment:NAME)'
        : 'add a StringEquals condition on the provider\'s sub claim naming the one workload allowed';
    return `aws iam update-assume-role-policy --role-name ${q(iamName(i))} --policy-document file://trust-policy.json  # ${pin}`;
  },
  'investigate-activity': (i) => {
    // Only CloudTrail findings: a sign-in finding (an HR person) is Okta's to answer.
    if (i.subject.source !== 'aws') return null;
    const calls = Array.isArray(i.evidence.calls) ? (i.evidence.calls as { region?: unknown }[]) : [];
    const region = typeof calls[0]?.region === 'string' ? calls[0].region : 'us-east-1';
    const by = isRole(i) ? 'ResourceName' : 'Username';
    return `aws cloudtrail lookup-events --lookup-attributes ${q(`AttributeKey=${by},AttributeValue=${iamName(i)}`)} --region ${q(region)}`;
  },
  'link-or-remove-account': (i) => {
    if (!isUser(i)) return null;
    const name = q(iamName(i));
    return `aws iam tag-user --user-name ${name} --tags Key=email,Value=PERSON_EMAIL  # or remove it: aws iam delete-login-profile --user-name ${name}`;
  },
  'split-identity': (i) =>
    isRole(i) ? `aws iam create-role --role-name SERVICE-role --assume-role-policy-document file://trust-policy.json  # one role per service; then remove ${q(iamName(i))} from all but one catalog entry` : null,
  'remove-entitlement': (i) => {
    if (!i.entitlement?.startsWith('arn:aws:iam::')) return null;
    const group = i.entitlement.split('/').pop()!;
    const users = list(i.evidence.viaAccounts);
    if (!users.length) return null;
    return users.map((u) => `aws iam remove-user-from-group --user-name ${q(u)} --group-name ${q(group)}`).join(' && ');
  },
};

function tagOwner(i: RemediationInput): string | null {
  if (isRole(i)) return `aws iam tag-role --role-name ${q(iamName(i))} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
  if (isUser(i)) return `aws iam tag-user --user-name ${q(iamName(i))} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
  if (isKey(i)) return `aws iam tag-user --user-name ${q(keyUser(i))} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;
  return null;
}

/** IAM commands, and for a Secrets Manager secret the `aws secretsmanager` ones (remediation-secrets.ts). */
export const awsRemediations: Record<string, RemediationTemplate> = Object.fromEntries(
  [...new Set([...Object.keys(iamRemediations), ...Object.keys(awsSecretRemediations)])].map((action) => [
    action,
    (i: RemediationInput) =>
      i.subject.source === 'aws' && i.subject.type === 'secret' ? (awsSecretRemediations[action]?.(i) ?? null) : (iamRemediations[action]?.(i) ?? null),
  ]),
);
