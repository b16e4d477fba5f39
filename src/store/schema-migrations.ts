/**
 * The store's schema, one migration per version for both SQL engines: each is written once with the column
 * types that differ between SQLite and PostgreSQL named by the engine's `SqlTypes`. Never edit a migration
 * that has shipped, add the next (a store file or database records how many it has run).
 */
export interface SqlTypes {
  /** Binary data (DER, packages, hashes). */
  readonly bytes: string;
  /** Milliseconds since the epoch. */
  readonly time: string;
  /** A switch, NOT NULL and off by default. */
  readonly flagOff: string;
  /** A row number the engine assigns, as the primary key. */
  readonly autoKey: string;
  /** Extra columns at the end of the first tables: PostgreSQL numbers rows in insertion order (`created`). */
  readonly insertionOrder: string;
}

export const SQLITE_TYPES: SqlTypes = {
  bytes: 'BLOB',
  time: 'INTEGER',
  flagOff: 'INTEGER NOT NULL DEFAULT 0',
  autoKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  insertionOrder: '',
};

export const POSTGRES_TYPES: SqlTypes = {
  bytes: 'BYTEA',
  time: 'BIGINT',
  flagOff: 'BOOLEAN NOT NULL DEFAULT FALSE',
  autoKey: 'BIGSERIAL PRIMARY KEY',
  insertionOrder: ',\n     created SERIAL',
};

/** Schema versions, applied in order. */
export const schemaMigrations = (t: SqlTypes): readonly string[] => [
  `CREATE TABLE sessions (
     transaction_id TEXT PRIMARY KEY,
     phase TEXT NOT NULL,
     expires_at ${t.time} NOT NULL,
     data TEXT NOT NULL${t.insertionOrder}
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE profiles (
     id TEXT PRIMARY KEY,
     iccid TEXT NOT NULL UNIQUE,
     matching_id TEXT UNIQUE,
     eid TEXT,
     state TEXT NOT NULL,
     confirmation_code_hash ${t.bytes},
     cc_max_attempts INTEGER NOT NULL,
     cc_failed_attempts INTEGER NOT NULL DEFAULT 0,
     metadata ${t.bytes} NOT NULL,
     ppk TEXT,
     reusable ${t.flagOff},
     notification_address TEXT,
     package ${t.bytes} NOT NULL${t.insertionOrder}
   );`,
  // ES2+.DownloadOrder by profile type.
  'ALTER TABLE profiles ADD COLUMN profile_type TEXT;',
  // The SM-DS's Event Records, and the event an order registered at an SM-DS (SGP.22 3.6).
  `CREATE TABLE smds_events (
     seq ${t.autoKey},
     eid TEXT NOT NULL,
     event_id TEXT NOT NULL,
     rsp_server_address TEXT NOT NULL,
     registered_at ${t.time} NOT NULL,
     forwarded_to TEXT,
     UNIQUE (eid, event_id)
   );
   ALTER TABLE profiles ADD COLUMN smds_event TEXT;`,
  // Order limits (time to live, download attempts, devices) and the attempts counted.
  `ALTER TABLE profiles ADD COLUMN order_limits TEXT;
   ALTER TABLE profiles ADD COLUMN download_attempts INTEGER NOT NULL DEFAULT 0;`,
  // An order's BPP bound to one eUICC one-time key, for a retry in a new session (SGP.22 5.6.3 bppEuiccOtpk).
  `CREATE TABLE bpp_bindings (
     profile_id TEXT PRIMARY KEY,
     eid TEXT NOT NULL,
     euicc_otpk ${t.bytes} NOT NULL,
     bpp ${t.bytes} NOT NULL
   );`,
  // initiateAuthentication counts the sessions not yet authenticated.
  'CREATE INDEX sessions_phase_expiry ON sessions (phase, expires_at);',
  // ES2+.DownloadOrder by profileType finds an available profile of the type without reading the inventory.
  'CREATE INDEX profiles_type_state ON profiles (profile_type, state);',
  // The admin page's sessions, shared by every instance on the store (by the SHA-256 of the session id).
  `CREATE TABLE admin_sessions (
     id_hash ${t.bytes} PRIMARY KEY,
     expires_at ${t.time} NOT NULL
   );`,
  // Each Event Record's ES12 caller, whose bounds count per caller.
  `ALTER TABLE smds_events ADD COLUMN registered_by TEXT;
   CREATE INDEX smds_events_caller ON smds_events (registered_by, eid);`,
  // The source of each session, whose share of pending sessions it counts in.
  `ALTER TABLE sessions ADD COLUMN source TEXT;
   CREATE INDEX sessions_source ON sessions (phase, source, expires_at);`,
  // A restarted SM-DP+ finds the orders whose SM-DS event is still to be deleted without reading them all.
  'CREATE INDEX profiles_smds_event ON profiles (id) WHERE smds_event IS NOT NULL;',
  // The eIM (SGP.32): what it knows of each eUICC (counterValue, association token, certificates) and the
  // operator's orders per EID with their status and outcome (src/eim/eim-repository.ts).
  `CREATE TABLE eim_euiccs (
     eid TEXT PRIMARY KEY,
     counter_value BIGINT NOT NULL DEFAULT 0,
     association_token BIGINT,
     euicc_certificate ${t.bytes},
     eum_certificate ${t.bytes},
     updated_at ${t.time} NOT NULL
   );
   CREATE TABLE eim_orders (
     seq ${t.autoKey},
     id TEXT NOT NULL UNIQUE,
     facility TEXT NOT NULL,
     eid TEXT NOT NULL,
     request TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at ${t.time} NOT NULL,
     updated_at ${t.time} NOT NULL,
     eim_transaction_id TEXT,
     sent TEXT,
     outcome TEXT NOT NULL,
     debug_info TEXT
   );
   CREATE INDEX eim_orders_queue ON eim_orders (eid, status, seq);
   CREATE INDEX eim_orders_transaction ON eim_orders (eim_transaction_id);
   CREATE INDEX eim_orders_age ON eim_orders (status, updated_at);
   CREATE INDEX eim_orders_facility ON eim_orders (facility, seq);`,
  // The eIM's relayed download sessions (src/eim/download/relayed-sessions.ts), shared by every eIM instance on
  // the store and kept over a restart: by the SM-DP+'s TransactionID, with the order a trigger started.
  `CREATE TABLE eim_relayed_sessions (
     transaction_id TEXT PRIMARY KEY,
     smdp_address TEXT NOT NULL,
     order_id TEXT,
     eid TEXT,
     opened_at ${t.time} NOT NULL,
     finished ${t.flagOff}
   );
   CREATE INDEX eim_relayed_sessions_age ON eim_relayed_sessions (opened_at);
   CREATE INDEX eim_relayed_sessions_order ON eim_relayed_sessions (order_id);
   CREATE INDEX eim_relayed_sessions_eid ON eim_relayed_sessions (eid);`,
];
