import type { DnsAnswer, DnsRecord } from '@dotvn/core/dns';
import type { Messages } from '../i18n/index.js';
import { absoluteName, className, DNSSEC_TYPES, escapeControls, formatRecordData } from './record.js';
import type { Style } from './style.js';

/** Options of {@link formatAnswer}. */
export interface FormatAnswerOptions {
  messages: Messages;
  style: Style;
  /**
   * Show RRSIG, NSEC and NSEC3 records. When false they are left out of the sections (unless they
   * are the type asked for) and a line says how many were hidden.
   * @default false
   */
  showDnssec?: boolean;
}

/** Extended DNS error codes that report a DNSSEC validation failure (RFC 8914 §4.2, 4.6–4.13). */
const DNSSEC_FAILURE_CODES: ReadonlySet<number> = new Set([1, 2, 5, 6, 7, 8, 9, 10, 11, 12]);

/** Header flags in dig's order. */
const FLAG_ORDER = ['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const;

/** Which DNSSEC status line applies to an answer. */
export type ValidationStatus = keyof Messages['dns']['validation'];

/**
 * What the answer says about DNSSEC validation: `validated` when AD is set (RFC 4035 §3.2.3),
 * `checkingDisabled` when CD was set, `failed` for a SERVFAIL carrying a DNSSEC extended error
 * (RFC 8914), else `notValidated`.
 */
export function validationStatus(answer: DnsAnswer): ValidationStatus {
  if (answer.flags.ad) return 'validated';
  if (answer.flags.cd) return 'checkingDisabled';
  const dnssecError = answer.edns?.extendedErrors.some((e) => DNSSEC_FAILURE_CODES.has(e.infoCode)) ?? false;
  if (answer.rcodeName === 'SERVFAIL' && dnssecError) return 'failed';
  return 'notValidated';
}

/** Pads the columns of rows to the widest cell of each column but the last. */
function columns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '),
  );
}

/**
 * A dig-like text view of an answer: header and flags, EDNS and extended DNS errors, the
 * question, the answer, authority and additional sections, the DNSSEC status in words, then
 * timing, endpoint and transport. Lines end with `\n`.
 */
export function formatAnswer(answer: DnsAnswer, options: FormatAnswerOptions): string {
  const { messages, style } = options;
  const t = messages.dns;
  const showDnssec = options.showDnssec ?? false;
  const askedType = answer.question[0]?.type;
  const lines: string[] = [];

  const status = answer.rcodeName === 'NOERROR' ? style.green(answer.rcodeName) : style.red(answer.rcodeName);
  lines.push(t.header({ opcode: opcodeName(answer.opcode), status, id: answer.id }));
  const flags = FLAG_ORDER.filter((flag) => answer.flags[flag]).join(' ');
  lines.push(
    t.flags(flags === '' ? t.noFlags : flags, {
      query: answer.question.length,
      answer: answer.answer.length,
      authority: answer.authority.length,
      additional: answer.additional.length + (answer.edns === null ? 0 : 1),
    }),
  );

  if (answer.edns === null) {
    lines.push(style.dim(t.noEdns));
  } else {
    const edns = answer.edns;
    lines.push(
      t.edns({ version: edns.version, flags: edns.dnssecOk ? 'do' : t.noFlags, udp: edns.udpPayloadSize }),
    );
    for (const error of edns.extendedErrors) {
      lines.push(
        style.yellow(
          t.extendedError({
            code: error.infoCode,
            purpose: escapeControls(error.purpose),
            text: escapeControls(error.extraText),
          }),
        ),
      );
    }
    if (edns.paddingLength !== null) lines.push(style.dim(t.padding(edns.paddingLength)));
  }

  lines.push('', style.bold(t.questionSection));
  lines.push(
    ...columns(answer.question.map((q) => [`;${absoluteName(q.name)}`, className(q.class), q.type])),
  );

  let hidden = 0;
  const section = (title: string, records: readonly DnsRecord[]): void => {
    const shown = records.filter(
      (record) => showDnssec || record.type === askedType || !DNSSEC_TYPES.has(record.type),
    );
    hidden += records.length - shown.length;
    if (shown.length === 0) return;
    lines.push('', style.bold(title));
    lines.push(
      ...columns(
        shown.map((record) => [
          absoluteName(record.name),
          String(record.ttl),
          className(record.class),
          record.type,
          formatRecordData(record),
        ]),
      ),
    );
  };
  section(t.answerSection, answer.answer);
  section(t.authoritySection, answer.authority);
  section(t.additionalSection, answer.additional);

  lines.push('');
  if (hidden > 0) lines.push(style.dim(t.hiddenDnssec(hidden)));
  const validation = validationStatus(answer);
  const validationLine = t.validation[validation];
  lines.push(
    validation === 'validated'
      ? style.green(validationLine)
      : validation === 'failed'
        ? style.red(validationLine)
        : validationLine,
  );
  lines.push(`${t.elapsed(answer.elapsedMs)}${answer.fromCache ? t.fromCache : ''}`);
  lines.push(t.server(answer.endpoint, answer.transport));
  return `${lines.join('\n')}\n`;
}

/** Opcode mnemonics (IANA "DNS OpCodes"). */
function opcodeName(opcode: number): string {
  return ['QUERY', 'IQUERY', 'STATUS', `OPCODE3`, 'NOTIFY', 'UPDATE', 'DSO'][opcode] ?? `OPCODE${opcode}`;
}
