/** One schema step. `up` is plain SQL run inside the migration transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}
