/**
 * How Latchkey's own protected endpoints ({@code /api/}, the management API, UserInfo) accept the access tokens
 * it issues, in either form (signed JWTs and opaque reference tokens), as bearer tokens or bound to a DPoP key.
 */
package dev.latchkey.resource;
