// `aws secretsmanager` commands for findings about a Secrets Manager secret.
// Built from the ARN and region only (never a value: no command here prints
// or sets one), every value through shellQuote. Revoking a secret means
// deleting it with a recovery window, which restore-secret undoes; turning
// rotation off is never suggested.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';

/** Days AWS keeps a deleted secret restorable (7 to 30; 30 is its default). */
export const RECOVERY_WINDOW_DAYS = 30;

const region = (i: RemediationInput) => String(i.props.region ?? i.subject.id.split(':')[3] ?? '');
const at = (i: RemediationInput) => `--secret-id ${q(i.subject.id)} --region ${q(region(i))}`;

export function deleteWithRecovery(i: RemediationInput): string {
  return (
    `aws secretsmanager delete-secret ${at(i)} --recovery-window-in-days ${RECOVERY_WINDOW_DAYS}` +
    `  # undo within ${RECOVERY_WINDOW_DAYS} days: aws secretsmanager restore-secret ${at(i)}`
  );
}

const tagOwner = (i: RemediationInput) => `aws secretsmanager tag-resource ${at(i)} --tags Key=owner,Value=OWNER_EMAIL_OR_TEAM`;

export const awsSecretRemediations: Record<string, RemediationTemplate> = {
  'assign-owner': tagOwner,
  'reassign-owner': tagOwner,
  'deactivate-credential': deleteWithRecovery,
  'decommission-identity': deleteWithRecovery,
  // Rotation by a Lambda function: the new value never passes through a terminal.
  'rotate-credential': (i) =>
    `aws secretsmanager rotate-secret ${at(i)} --rotation-lambda-arn ROTATION_LAMBDA_ARN --rotation-rules AutomaticallyAfterDays=30`,
  'split-identity': (i) =>
    `aws secretsmanager create-secret --name ${q(`${String(i.subject.name ?? 'secret')}-SERVICE`)} --region ${q(region(i))}` +
    `  # one secret per service; then remove ${q(i.subject.id)} from all but one catalog entry`,
};
