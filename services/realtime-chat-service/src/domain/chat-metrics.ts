import { Counter, Gauge, type Registry } from "prom-client";

/** realtime-chat-service's own metrics, registered on the service's registry. */
export interface ChatMetrics {
  socketsOpen: Gauge;
  socketAuthFailures: Counter;
  envelopesQueued: Counter;
  envelopesSent: Counter;
  prekeyClaims: Counter<"kind">;
}

const byRegistry = new WeakMap<Registry, ChatMetrics>();

/** The metrics on `registry` (made once per registry: several contexts may share one in tests). */
export function chatMetrics(registry: Registry): ChatMetrics {
  const known = byRegistry.get(registry);
  if (known) return known;
  const metrics: ChatMetrics = {
    socketsOpen: new Gauge({
      name: "chat_sockets_open",
      help: "Authenticated chat WebSockets open on this instance",
      registers: [registry],
    }),
    socketAuthFailures: new Counter({
      name: "chat_socket_auth_failures_total",
      help: "Chat sockets closed before ready: bad or missing first frame, invalid token, unknown device, socket cap",
      registers: [registry],
    }),
    envelopesQueued: new Counter({
      name: "chat_envelopes_queued_total",
      help: "Envelopes stored for a recipient device (one per device per message)",
      registers: [registry],
    }),
    envelopesSent: new Counter({
      name: "chat_envelopes_sent_total",
      help: "Envelope frames written to chat sockets (live or from the backlog)",
      registers: [registry],
    }),
    prekeyClaims: new Counter({
      name: "chat_prekey_claims_total",
      help: "Device bundles handed out, by the prekey used: one_time, or last_resort when the device had none left",
      labelNames: ["kind"],
      registers: [registry],
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
