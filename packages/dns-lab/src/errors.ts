/**
 * Base error of the DNS lab. Subclasses name the failure; `cause` chains the original error.
 */
export class LabError extends Error {
  override name = 'LabError';
}

/** The lab needs something the machine does not have: root, an apt package, a free port. */
export class LabPrerequisiteError extends LabError {
  override name = 'LabPrerequisiteError';
}

/** A lab server did not come up; the message carries the tail of its log. */
export class LabStartError extends LabError {
  override name = 'LabStartError';
}

/**
 * True for any lab error, also across realms (vitest workers, other copies of the package),
 * where `instanceof` fails but the name survives.
 */
export function isLabError(value: unknown): value is LabError {
  return (
    value instanceof LabError ||
    (value instanceof Error && ['LabError', 'LabPrerequisiteError', 'LabStartError'].includes(value.name))
  );
}
