/**
 * The admin page's sessions as rows (src/rsp-server/http/admin-sessions.ts), the same statements in SQLite and
 * PostgreSQL; `mark(n)` is the dialect's n-th placeholder (? or $n).
 */
import { MAX_ADMIN_SESSIONS } from '../rsp-server/http/admin-sessions.ts';

export const adminSessionSql = (mark: (n: number) => string) => ({
  purge: `DELETE FROM admin_sessions WHERE expires_at <= ${mark(1)}`,
  // Room for the new one: all but the newest MAX_ADMIN_SESSIONS - 1 go (the oldest first). Concurrent logins
  // on several instances may leave a few more for a moment; the next login trims them.
  trim: `DELETE FROM admin_sessions WHERE id_hash IN (SELECT id_hash FROM admin_sessions
         ORDER BY expires_at DESC LIMIT ${MAX_ADMIN_SESSIONS * 4} OFFSET ${MAX_ADMIN_SESSIONS - 1})`,
  insert: `INSERT INTO admin_sessions (id_hash, expires_at) VALUES (${mark(1)}, ${mark(2)})`,
  select: `SELECT 1 FROM admin_sessions WHERE id_hash = ${mark(1)} AND expires_at > ${mark(2)}`,
  delete: `DELETE FROM admin_sessions WHERE id_hash = ${mark(1)}`,
});
