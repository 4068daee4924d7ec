import type { Language } from '../core/messages/language';
import { stopText } from '../core/messages/stop-text';
import type { TemplateSendRecord } from './data/sends';
import type { StoredTemplate } from './data/templates';
import { typeRule } from './keyword-values';
import './stop-rule-texts';

/** A template as the API answers it: each keyword with the rule and limit its values are checked by. */
export const templateView = (t: StoredTemplate) => ({
  templateId: t.templateId,
  title: t.title,
  content: t.content,
  example: t.example,
  primaryIndustry: t.primaryIndustry,
  deputyIndustry: t.deputyIndustry,
  keywords: t.keywords.map((k) => ({ ...k, ...typeRule(k.type) })),
});

/**
 * A send as the history shows it (the values, the checkpoint and the organization stay inside):
 * why it stopped as `reason` for a developer and `reasonText` for a person, in the request's language.
 */
export const sendView = (s: TemplateSendRecord, language: Language) => ({
  sendId: s.sendId,
  templateId: s.templateId,
  title: s.title,
  target: s.target,
  status: s.status,
  recipients: s.recipients,
  attempted: s.attempted,
  sent: s.sent,
  delivered: s.delivered,
  refused: s.refused,
  failed: s.failed,
  ...(s.reason ? { reason: s.reason } : {}),
  ...(s.reason ? { reasonText: stopText(s.stop, language) ?? s.reason } : {}),
  by: s.by,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
});
