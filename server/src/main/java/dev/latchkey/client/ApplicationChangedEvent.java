package dev.latchkey.client;

/** Published when an application is created, changed or deleted on this node, so derived caches evict. */
public record ApplicationChangedEvent(String clientId) {
}
