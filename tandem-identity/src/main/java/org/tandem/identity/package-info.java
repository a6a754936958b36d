/**
 * Tandem's own identity: projects, users, roles and role assignments in the database, Argon2id
 * password hashes, hashed bearer tokens, the admin bootstrap and the failed-login throttle. The
 * api service serves it as a Keystone-v3-compatible endpoint; nothing here knows HTTP.
 */
package org.tandem.identity;
