/**
 * Building `kubectl describe` text: `Key:<TAB>value` lines at nesting levels (2 spaces each), aligned by
 * the describe tabwriter (minwidth 0, padding 2), then the Events section as its own table.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { tabwrite, DESCRIBE_TABS } from './tabwriter.js';
import { humanDuration } from './duration.js';
import { eventsAbout } from '../api/events.js';

export class DescribeWriter {
  private text = '';

  /** `level` 0 is flush left; each level indents 2 spaces. Cells are joined with tabs. */
  line(level: number, ...cells: string[]): this {
    this.text += '  '.repeat(level) + cells.join('\t') + '\n';
    return this;
  }

  /** Raw text appended as is (already containing tabs/newlines). */
  raw(s: string): this {
    this.text += s;
    return this;
  }

  /** `Labels:` / `Annotations:` style map: first entry on the key line, the rest on continuation lines. */
  map(level: number, key: string, m: Record<string, string> | undefined | null, sep: '=' | ': ' = '='): this {
    const keys = Object.keys(m ?? {})
      .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
      .sort();
    if (keys.length === 0) return this.line(level, key, '<none>');
    keys.forEach((k, i) => {
      const value = sep === ': ' ? m![k]!.replace(/\n$/, '') : m![k]!;
      // kubectl's printAnnotationsMultiline: long or multi-line values go on their own lines, cut at 138 chars.
      if (sep === ': ' && (value.length + k.length + 2 > 140 || value.includes('\n'))) {
        this.line(level, i === 0 ? key : '', `${k}:`);
        for (const part of value.split('\n')) this.line(level, '', `  ${part.length > 138 ? part.slice(0, 138) + '...' : part}`);
      } else {
        this.line(level, i === 0 ? key : '', `${k}${sep}${value}`);
      }
    });
    return this;
  }

  /** The text so far with its tabs, unaligned (`rollout history --revision` prints it so). */
  rawText(): string {
    return this.text;
  }

  /** The aligned text so far (flushes the tabwriter). */
  toString(): string {
    return tabwrite(this.text, DESCRIBE_TABS);
  }
}

/** Events about an object, oldest first, as describe lists them. */
export function eventsFor(state: ClusterState, obj: KubeObject): KubeObject[] {
  // Found through the store's index of Events by the object they name, not by reading every Event.
  return eventsAbout(state, obj).sort((a, b) => eventTime(a, 'last').localeCompare(eventTime(b, 'last')));
}

function eventTime(e: KubeObject, which: 'first' | 'last'): string {
  const x = e as { firstTimestamp?: string; lastTimestamp?: string; eventTime?: string };
  return (which === 'last' ? x.lastTimestamp : x.firstTimestamp) ?? x.eventTime ?? x.firstTimestamp ?? '';
}

/**
 * Append the Events section. With no events: `Events:<TAB><none>` joins the block above (aligned with it);
 * otherwise the block above is flushed and the events form their own table.
 */
export function withEvents(w: DescribeWriter, events: KubeObject[], now: Date): string {
  if (events.length === 0) return w.line(0, 'Events:', '<none>').toString();
  const head = w.line(0, 'Events:').toString();
  let t = '  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n';
  for (const e of events) {
    const x = e as { type?: string; reason?: string; message?: string; count?: number; source?: { component?: string }; reportingController?: string };
    const first = eventTime(e, 'first');
    const last = eventTime(e, 'last');
    const count = x.count ?? 1;
    const ageText =
      count > 1
        ? `${humanDuration(now.getTime() - Date.parse(last))} (x${count} over ${humanDuration(now.getTime() - Date.parse(first))})`
        : humanDuration(now.getTime() - Date.parse(first));
    t += `  ${x.type ?? ''}\t${x.reason ?? ''}\t${ageText}\t${x.source?.component ?? x.reportingController ?? ''}\t${(x.message ?? '').trim()}\n`;
  }
  return head + tabwrite(t, DESCRIBE_TABS);
}
