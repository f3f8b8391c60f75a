/**
 * The composer under a ticket: reply or internal-note mode, the text, attachments (uploaded at
 * once to POST /api/attachments, sent by id with the message), a preview of what the customer
 * will see, the template picker, and a notice when the customer wrote while the agent was typing.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, ApiError, type UploadedAttachment } from '../shared/api';
import { t } from '../shared/i18n';
import { sendTyping } from '../shared/realtime';
import { unfilledPlaceholders } from './fillTemplate';

export type ComposerMode = 'reply' | 'note';

export function ReplyBox(props: {
  ticketId: number;
  draft: string;
  mode: ComposerMode;
  onMode: (mode: ComposerMode) => void;
  /** The title of the template the draft came from, when it did. */
  templateTitle: string | null;
  sending: boolean;
  onDraft: (text: string) => void;
  /** Sends; resolves true once stored (the attachments are then cleared here). */
  onSend: (internal: boolean, attachmentIds: number[]) => Promise<boolean>;
  /** A public message arrived on this ticket while the draft was being written. */
  newMessageNotice: boolean;
  onDismissNotice: () => void;
  /** Shown beside the send buttons (the template picker). */
  tools?: ComponentChildren;
}) {
  const lastTypingSent = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const [attachments, setAttachments] = useState<UploadedAttachment[]>([]);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);
  const empty = !props.draft.trim();
  const unfilled = unfilledPlaceholders(props.draft);
  const busy = props.sending || uploading !== null;

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setUploadError(null);
    for (const file of Array.from(files)) {
      setUploading(file.name);
      try {
        const stored = await api.uploadAttachment(file);
        setAttachments((list) => [...list, stored]);
      } catch (caught) {
        setUploadError(
          caught instanceof ApiError && caught.status === 413 ? t('tv.tooLarge', { name: file.name }) : t('tv.uploadFailed', { name: file.name, message: (caught as Error).message }),
        );
      }
    }
    setUploading(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const send = async (internal: boolean) => {
    if (busy || empty) return;
    if (await props.onSend(internal, attachments.map((a) => a.id))) {
      setAttachments([]);
      setPreview(false);
    }
  };

  return (
    <div class={`reply mode-${props.mode}`} data-testid="reply-box">
      <div class="composer-modes" role="group" aria-label={t('reply')}>
        {(['reply', 'note'] as const).map((mode) => (
          <button key={mode} type="button" class="composer-mode" aria-pressed={props.mode === mode} data-testid={`mode-${mode}`} onClick={() => props.onMode(mode)}>
            {t(mode === 'reply' ? 'tv.modeReply' : 'tv.modeNote')}
          </button>
        ))}
        <button type="button" class="composer-mode preview-toggle" aria-pressed={preview} data-testid="preview-toggle" onClick={() => setPreview((on) => !on)}>
          {preview ? t('tv.edit') : t('tv.preview')}
        </button>
      </div>
      <label for="reply-body" class="visually-hidden">
        {t(props.mode === 'note' ? 'tv.modeNote' : 'reply')}
      </label>
      <textarea
        id="reply-body"
        data-testid="reply-body"
        rows={6}
        hidden={preview}
        placeholder={t(props.mode === 'note' ? 'tv.notePlaceholder' : 'replyPlaceholder')}
        value={props.draft}
        onInput={(e) => {
          props.onDraft(e.currentTarget.value);
          // At most every two seconds: enough for "typing…", cheap on the wire.
          if (Date.now() - lastTypingSent.current > 2000) {
            lastTypingSent.current = Date.now();
            sendTyping(props.ticketId);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(props.mode === 'note');
          // Escape leaves the composer (the draft stays), so the ticket's single-key shortcuts work again.
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {preview && (
        <div class="reply-preview" data-testid="reply-preview" aria-label={t('tv.previewTitle')}>
          <p class="muted">{props.mode === 'note' ? t('tv.previewNote') : t('tv.previewTitle')}</p>
          {/* Plain text, line breaks kept: what the customer's mail or chat shows. */}
          <div class={`message preview-message ${props.mode === 'note' ? 'internal' : 'from-agent'}`}>
            <div class="body">{props.draft}</div>
            {attachments.length > 0 && (
              <ul class="attachments">
                {attachments.map((a) => (
                  <li key={a.id}>{a.filename}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      {props.templateTitle && (
        <p class="muted" data-testid="reply-template">
          {t('fromTemplate', { title: props.templateTitle })}
        </p>
      )}
      {unfilled.length > 0 && (
        <p class="warning" data-testid="reply-unfilled">
          {t('unfilledPlaceholders', { list: unfilled.join(' ') })}
        </p>
      )}
      {attachments.length > 0 && (
        <ul class="attachment-chips" data-testid="attachment-chips">
          {attachments.map((a) => (
            <li key={a.id} class="chip" data-testid="attachment-chip">
              <span>{a.filename}</span> <span class="muted">({Math.ceil(a.size / 1024)} KB)</span>
              <button type="button" class="link" aria-label={t('tv.removeAttachment', { name: a.filename })} onClick={() => setAttachments((list) => list.filter((item) => item.id !== a.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {uploading && <p class="muted">{t('tv.uploading', { name: uploading })}</p>}
      {uploadError && (
        <p class="error" role="alert" data-testid="upload-error">
          {uploadError}
        </p>
      )}
      {props.newMessageNotice && (
        <p class="warning new-message-notice" role="status" data-testid="new-message-notice">
          {t('tv.newWhileWriting')}{' '}
          <button type="button" class="link" onClick={props.onDismissNotice}>
            {t('tv.dismiss')}
          </button>
        </p>
      )}
      <div class="actions">
        <button type="button" data-testid="send-reply" disabled={busy || empty} onClick={() => void send(false)}>
          {props.sending ? t('sending') : t('sendReply')}
        </button>
        <button type="button" class="secondary" data-testid="send-note" disabled={busy || empty} onClick={() => void send(true)}>
          {t('addNote')}
        </button>
        <label class="button secondary attach-button">
          {t('tv.attach')}
          <input ref={fileInput} type="file" multiple class="visually-hidden" data-testid="attach-input" onChange={(e) => void upload(e.currentTarget.files)} />
        </label>
        {props.tools}
      </div>
    </div>
  );
}
