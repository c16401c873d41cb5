/**
 * How Latchkey's own bearer-protected endpoints ({@code /api/}, the management API, UserInfo) accept the
 * access tokens it issues, in either form: signed JWTs and opaque reference tokens.
 */
package dev.latchkey.resource;
