export interface Migration {
  /** Numbered, and never renamed once shipped: the name is what the database remembers. */
  name: string;
  sql: string;
}
