import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { detectFileType, uploadRules, type DetectedType, type UploadKind } from './file-types';

/** Size first (cheap), then content; both before anything is stored or sent. */
export const checkFile = (field: string, kind: UploadKind, data: Buffer): DetectedType => {
  const rule = uploadRules[kind];
  if (data.length === 0) throw new ValidationError(`${field}: the file is empty`, { problem: { field, rule: 'file.empty' } });
  if (data.length > rule.maxBytes) throw new PayloadTooLargeError(`${field}: a ${kind} may be at most ${rule.maxBytes} bytes`, { field, rule: 'file.tooLarge', limit: rule.maxBytes, given: data.length });
  const detected = detectFileType(data);
  if (!detected || !(rule.types as readonly string[]).includes(detected)) {
    throw new UnsupportedMediaTypeError(`${field}: a ${kind} must be ${rule.types.join(' or ')} (the content is ${detected ?? 'not a known media type'})`, {
      field,
      rule: 'file.type',
      limit: rule.types.join('、').toUpperCase(),
    });
  }
  return detected;
};
