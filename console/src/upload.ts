import { routes } from '../../lib/routes';
import { ApiError, apiErrorOf, apiHeaders, type ErrorAnswer } from './api';
import type { Output, RouteId } from './contract';

/**
 * Uploads with progress. fetch() cannot report upload progress, XMLHttpRequest can
 * (`xhr.upload.onprogress`), so files go through here: multipart to the API with the session in
 * the Authorization header (never in the URL), or a PUT to a presigned S3 URL (no session at all:
 * the signature is the credential).
 */
export type Progress = (fraction: number) => void;

const send = (method: string, url: string, body: XMLHttpRequestBodyInit, headers: Record<string, string>, onProgress: Progress) =>
  new Promise<{ status: number; text: string; headers: (name: string) => string | null }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, headers: (name) => xhr.getResponseHeader(name) });
    xhr.onerror = () => reject(new ApiError(0, -1, 'network', undefined, undefined, 'network', undefined));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.send(body);
  });

/** A multipart/form-data request to an API route (the browser writes the boundary). */
export const uploadTo = async <R extends RouteId>(id: R, form: FormData, onProgress: Progress): Promise<Output<R>> => {
  const route = routes[id];
  const answer = await send(route.method, route.path, form, apiHeaders(true), onProgress);
  let json: ErrorAnswer = {};
  try {
    json = JSON.parse(answer.text) as typeof json;
  } catch {
    // A gateway's HTML or empty answer: the status code speaks.
  }
  if (answer.status >= 200 && answer.status < 300 && (json.errcode ?? 0) === 0) {
    onProgress(1);
    return json as Output<R>;
  }
  throw apiErrorOf(answer.status, json, answer.headers('retry-after'));
};

/** A PUT of the file's bytes to a presigned URL, with the headers the signature covers. */
export const putPresigned = async (url: string, file: Blob, headers: Record<string, string>, onProgress: Progress): Promise<void> => {
  const answer = await send('PUT', url, file, headers, onProgress);
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.status * 100, `upload refused (HTTP ${answer.status})`, undefined, undefined, '', undefined);
  onProgress(1);
};
