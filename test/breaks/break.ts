/** One deliberate break: the safeguard to remove from the source, and the tests that must notice. */
export interface Break {
  name: string;
  /** The source file, from the repository's root. */
  file: string;
  /** The safeguard as written in `file`, where it must occur exactly once. */
  from: string;
  /** What it is replaced by, inserted as written. */
  to: string;
  /** The unit test files that must fail with the break in place. */
  tests: string[];
}
