import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { t } from '../i18n';
import { articleImageProblem, displayHtml, isWechatImage, rememberPicture, savedHtml } from '../publishing';
import { uploadTo } from '../upload';

/**
 * An article's body, edited in place as WeChat's own editor does (a contenteditable region and a
 * small toolbar: bold, heading, quote, list, link, picture). The HTML it hands back is what is
 * saved; the API sanitizes it again. Pictures go through content.uploadArticleImage (jpg/png up to
 * 1 MB, checked here first); a picture pasted from elsewhere is refused with the reason, since
 * WeChat shows no outside picture in an article and the platform fetches no URL a user pasted.
 */
export const ArticleBody = (props: {
  appid: string;
  label: string;
  value: string;
  /** Changes when the editor must show another value than the one typed (another article, a reload). */
  docKey: string;
  onValue: (html: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
}) => {
  const id = useId();
  const editor = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const range = useRef<Range | undefined>(undefined);
  const [notice, setNotice] = useState<{ text: string; upload?: boolean }>();
  const [uploading, setUploading] = useState(false);
  const [linking, setLinking] = useState(false);
  const [link, setLink] = useState('https://');

  // Drawn afresh only when another document is shown (another article, a draft loaded or saved):
  // re-drawing on every value would move the caret, and a render can lag behind fast typing.
  useEffect(() => {
    if (editor.current) editor.current.innerHTML = displayHtml(props.value);
  }, [props.docKey]);

  // Where the caret was inside the body, so the toolbar's picture and link land there.
  useEffect(() => {
    const keep = () => {
      const selection = document.getSelection();
      if (selection?.rangeCount && editor.current?.contains(selection.anchorNode)) range.current = selection.getRangeAt(0).cloneRange();
    };
    document.addEventListener('selectionchange', keep);
    return () => document.removeEventListener('selectionchange', keep);
  }, []);

  const emit = () => {
    const root = editor.current!;
    // A picture that is not WeChat's (dropped or pasted in some other way): out, and say why.
    const foreign = [...root.querySelectorAll('img')].filter((img) => !isWechatImage(img.getAttribute('data-src') ?? img.getAttribute('src') ?? ''));
    if (foreign.length) {
      foreign.forEach((img) => img.remove());
      setNotice({ text: t('draft.body.foreignPicture'), upload: true });
    }
    const html = savedHtml(root);
    props.onValue(html);
  };

  const restore = () => {
    const root = editor.current!;
    root.focus();
    const selection = document.getSelection();
    if (!selection) return;
    selection.removeAllRanges();
    if (range.current && root.contains(range.current.startContainer)) selection.addRange(range.current);
    else {
      const end = document.createRange();
      end.selectNodeContents(root);
      end.collapse(false);
      selection.addRange(end);
    }
  };

  const command = (name: string, value?: string) => {
    restore();
    document.execCommand(name, false, value);
    emit();
  };

  /** Heading and quote toggle: a second press turns the block back into a paragraph. */
  const block = (tag: 'h3' | 'blockquote') => {
    restore();
    const current = String(document.queryCommandValue('formatBlock')).toLowerCase();
    document.execCommand('formatBlock', false, current === tag ? 'p' : tag);
    emit();
  };

  const insertPicture = async (picked: File) => {
    setNotice(undefined);
    const problem = await articleImageProblem(picked);
    if (problem) return setNotice({ text: t(problem === 'type' ? 'draft.body.pictureType' : 'draft.body.pictureSize') });
    setUploading(true);
    try {
      const form = new FormData();
      form.set('appid', props.appid);
      form.set('file', picked);
      const { url } = await uploadTo('content.uploadArticleImage', form, () => undefined);
      const local = rememberPicture(url, picked);
      restore();
      const img = document.createElement('img');
      img.setAttribute('src', local);
      img.setAttribute('data-src', url);
      img.setAttribute('alt', picked.name);
      document.execCommand('insertHTML', false, `<p>${img.outerHTML}</p>`);
      emit();
    } catch (error) {
      setNotice({ text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setUploading(false);
      if (file.current) file.current.value = '';
    }
  };

  const onPaste = (event: ClipboardEvent) => {
    const data = event.clipboardData;
    if (!data) return;
    // A picture copied as a file (a screenshot): uploaded like one picked.
    const pasted = [...data.files].find((f) => f.type.startsWith('image/'));
    if (pasted) {
      event.preventDefault();
      void insertPicture(pasted);
      return;
    }
    const html = data.getData('text/html');
    if (!html) return;
    const template = document.createElement('template');
    template.innerHTML = html;
    const outside = [...template.content.querySelectorAll('img')].filter((img) => !isWechatImage(img.getAttribute('src') ?? ''));
    if (!outside.length) return;
    // The text is kept; the pictures are refused with the reason and an upload button.
    event.preventDefault();
    outside.forEach((img) => img.remove());
    restore();
    document.execCommand('insertHTML', false, template.innerHTML);
    setNotice({ text: t('draft.body.foreignPicture'), upload: true });
    emit();
  };

  const addLink = (event: Event) => {
    event.preventDefault();
    const url = link.trim();
    if (!/^https?:\/\/\S+$/i.test(url)) return linkInput.current?.focus();
    setLinking(false);
    command('createLink', url);
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  // The toolbar keeps the body's selection: a press must not move focus before the command runs.
  const keepFocus = (e: Event) => e.preventDefault();
  const tool = (label: string, glyph: string, run: () => void) => (
    <button type="button" class="rte__tool" aria-label={label} title={label} onMouseDown={keepFocus} onClick={run}>
      {glyph}
    </button>
  );
  return (
    <div class={`field rte${props.error ? ' field--error' : ''}`}>
      <span class="rte__label" id={`${id}-label`}>
        {props.label}
      </span>
      <div class="rte__toolbar" role="toolbar" aria-label={t('draft.body.toolbar')}>
        {tool(t('draft.body.bold'), 'B', () => command('bold'))}
        {tool(t('draft.body.heading'), 'H', () => block('h3'))}
        {tool(t('draft.body.quote'), '❝', () => block('blockquote'))}
        {tool(t('draft.body.list'), '☰', () => command('insertUnorderedList'))}
        <button type="button" class="rte__tool rte__tool--text" aria-expanded={linking} onMouseDown={keepFocus} onClick={() => (setLinking((v) => !v), setTimeout(() => linkInput.current?.focus(), 0))}>
          {t('draft.body.link')}
        </button>
        <button type="button" class="rte__tool rte__tool--text" onMouseDown={keepFocus} onClick={() => file.current?.click()} disabled={uploading}>
          {uploading ? t('draft.body.uploading') : t('draft.body.picture')}
        </button>
        <label class="visually-hidden">
          {t('draft.body.pictureFile')}
          <input
            ref={file}
            type="file"
            accept="image/png,image/jpeg"
            tabIndex={-1}
            onChange={(e) => {
              const picked = (e.target as HTMLInputElement).files?.[0];
              if (picked) void insertPicture(picked);
            }}
          />
        </label>
      </div>
      {linking && (
        <div class="rte__link">
          <label for={`${id}-link`}>{t('draft.body.linkUrl')}</label>
          <input ref={linkInput} id={`${id}-link`} type="url" value={link} onInput={(e) => setLink((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === 'Enter' && addLink(e)} />
          <button type="button" class="button button--small" onClick={addLink}>
            {t('common.confirm')}
          </button>
        </div>
      )}
      <div
        ref={editor}
        class="rte__body article-html"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-labelledby={`${id}-label`}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined}
        data-placeholder={t('draft.body.placeholder')}
        onInput={emit}
        onPaste={onPaste}
        // New lines as paragraphs (<p>), as WeChat's editor writes them, not <div>s.
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
      />
      {notice && (
        <div class="alert alert--error rte__notice" role="alert">
          <span>{notice.text}</span>
          {notice.upload && (
            <button type="button" class="button button--small" onClick={() => file.current?.click()}>
              {t('draft.body.pictureUpload')}
            </button>
          )}
        </div>
      )}
      {props.hint && (
        <p class="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={errorId} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
};
