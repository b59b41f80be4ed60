/**
 * Shared plumbing of the simulated vendor clouds: {@link dev.homewire.simulator.http.SimulatedCloud}
 * (HTTP server on loopback, bearer-token accounts, fault injection, JSON answers, close semantics),
 * the call a route sees ({@link dev.homewire.simulator.http.ApiRequest}) and what it answers
 * ({@link dev.homewire.simulator.http.ApiResponse}, {@link dev.homewire.simulator.http.ApiError}),
 * and for push vendors {@link dev.homewire.simulator.http.SimulatedPushCloud} (operation delay, event
 * thread, webhook settings) over {@link dev.homewire.simulator.http.SignedWebhookSender} (HMAC-signed
 * webhooks, queued, retried). A simulator module extends {@code SimulatedCloud} (or
 * {@code SimulatedPushCloud}) and writes only its vendor's API, devices and events.
 * Uses the JDK's {@code com.sun.net.httpserver} and Jackson; never deployed.
 */
package dev.homewire.simulator.http;
