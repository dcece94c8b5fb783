// IAM Identity Center remediations: the exact `aws sso-admin` and
// `aws identitystore` commands. Built from identifiers only, every value
// through shellQuote: a group or user name such as `x;$(touch pwned)` stays
// one inert argument when an operator pastes it.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';
import { SOURCE } from './files.js';
import { accessGroupsOf, directAssignmentsOf, parseEntitlement } from './entitlement.js';

const isUser = (i: RemediationInput) => i.subject.source === SOURCE && i.subject.type === 'user';
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export const deleteAssignmentCommand = (instanceArn: string, account: string, permissionSetArn: string, principalId: string) =>
  `aws sso-admin delete-account-assignment --instance-arn ${q(instanceArn)} --target-id ${q(account)} --target-type AWS_ACCOUNT ` +
  `--permission-set-arn ${q(permissionSetArn)} --principal-type USER --principal-id ${q(principalId)}`;

export const deleteMembershipCommand = (identityStoreId: string, membershipId: string) =>
  `aws identitystore delete-group-membership --identity-store-id ${q(identityStoreId)} --membership-id ${q(membershipId)}`;

/** Every assignment and group membership through which the user reaches an account. */
function removeAccess(i: RemediationInput): string | null {
  if (!isUser(i)) return null;
  const instanceArn = String(i.props.instanceArn ?? '');
  const store = String(i.props.identityStoreId ?? '');
  const steps = directAssignmentsOf(i.props).map((a) => deleteAssignmentCommand(instanceArn, a.account, a.permissionSetArn, i.subject.id));
  for (const g of accessGroupsOf(i.props)) {
    steps.push(
      g.membershipId
        ? deleteMembershipCommand(store, g.membershipId)
        : `m=$(aws identitystore get-group-membership-id --identity-store-id ${q(store)} --group-id ${q(g.groupId)} --member-id UserId=${q(i.subject.id)} --query MembershipId --output text) && ` +
            `aws identitystore delete-group-membership --identity-store-id ${q(store)} --membership-id "$m"`,
    );
  }
  return steps.length ? steps.join(' && ') : `aws identitystore describe-user --identity-store-id ${q(store)} --user-id ${q(i.subject.id)}  # holds no account assignment`;
}

/** Shell lines that set $inst and $store for an instance id, and $user for a user name. */
function lookups(instance: string, userName: string): string {
  const ends = (field: string) => q(`Instances[?ends_with(InstanceArn, \`"/${instance}"\`)].${field}`);
  const alt = q(JSON.stringify({ UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName } }));
  return (
    `inst=$(aws sso-admin list-instances --query ${ends('InstanceArn')} --output text) && ` +
    `store=$(aws sso-admin list-instances --query ${ends('IdentityStoreId')} --output text) && ` +
    `user=$(aws identitystore get-user-id --identity-store-id "$store" --alternate-identifier ${alt} --query UserId --output text)`
  );
}

/** A mover's entitlement: take the group membership or the direct assignment away from each account that holds it. */
function removeEntitlement(i: RemediationInput): string | null {
  if (i.evidence.entitlementSource !== SOURCE) return null;
  const ref = parseEntitlement(i.entitlement);
  if (!ref) return null;
  const users = list(i.evidence.viaAccounts);
  if (!users.length) return null;
  return users
    .map((userName) => {
      if (ref.kind === 'group') {
        const alt = q(JSON.stringify({ UniqueAttribute: { AttributePath: 'displayName', AttributeValue: ref.groupName } }));
        return (
          `${lookups(ref.instance, userName)} && ` +
          `group=$(aws identitystore get-group-id --identity-store-id "$store" --alternate-identifier ${alt} --query GroupId --output text) && ` +
          `m=$(aws identitystore get-group-membership-id --identity-store-id "$store" --group-id "$group" --member-id UserId="$user" --query MembershipId --output text) && ` +
          `aws identitystore delete-group-membership --identity-store-id "$store" --membership-id "$m"`
        );
      }
      return (
        `${lookups(ref.instance, userName)} && ` +
        `ps=$(for p in $(aws sso-admin list-permission-sets --instance-arn "$inst" --query PermissionSets --output text); do ` +
        `[ "$(aws sso-admin describe-permission-set --instance-arn "$inst" --permission-set-arn "$p" --query PermissionSet.Name --output text)" = ${q(ref.permissionSetName)} ] && echo "$p"; done) && ` +
        `aws sso-admin delete-account-assignment --instance-arn "$inst" --target-id ${q(ref.account)} --target-type AWS_ACCOUNT --permission-set-arn "$ps" --principal-type USER --principal-id "$user"`
      );
    })
    .join(' ; ');
}

export const awsSsoRemediations: Record<string, RemediationTemplate> = {
  'disable-account': removeAccess,
  'decommission-identity': removeAccess,
  'remove-entitlement': removeEntitlement,
  'link-or-remove-account': (i) => {
    if (!isUser(i)) return null;
    const store = q(String(i.props.identityStoreId ?? ''));
    return (
      `aws identitystore describe-user --identity-store-id ${store} --user-id ${q(i.subject.id)}` +
      `  # link it to a person (an email HR knows, or links.manual), or remove it: aws identitystore delete-user --identity-store-id ${store} --user-id ${q(i.subject.id)}`
    );
  },
};
