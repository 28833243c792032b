export interface CentralMigration {
  /** Numbered, and never renamed once shipped: the name is what the database remembers. */
  name: string;
  /** Runs in one transaction with the record that it ran; may SET LOCAL ROLE. */
  sql: string;
}
