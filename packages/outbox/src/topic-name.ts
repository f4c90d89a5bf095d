/** The bus topic a service publishes its outbox to: `nova.<service>.events`. */
export function serviceTopic(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) {
    throw new Error(`invalid service name for a topic: ${JSON.stringify(service)}`);
  }
  return `nova.${service}.events`;
}
