import { channelOf, type Contract } from './contract';
import type { EventMessage } from '../worker/protocol';

/**
 * Forwards the worker's progress events to the page, but only events some
 * contract declares: the page's subscriptions and the worker's events are the
 * same list.
 */
export function eventRelay(contracts: readonly Contract[], send: (channel: string, payload: unknown) => void): (event: EventMessage) => void {
  const allowed = new Set(contracts.flatMap((c) => Object.keys(c.events).map((name) => channelOf(c.domain, name))));
  return (event) => {
    const channel = channelOf(event.domain, event.name);
    if (allowed.has(channel)) send(channel, event.payload);
  };
}
