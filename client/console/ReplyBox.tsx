/** The composer under a ticket: the reply text, the template picker, send / add note. */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '../shared/i18n';
import { sendTyping } from '../shared/realtime';
import { unfilledPlaceholders } from './fillTemplate';

export function ReplyBox(props: {
  ticketId: number;
  draft: string;
  /** The title of the template the draft came from, when it did. */
  templateTitle: string | null;
  sending: boolean;
  onDraft: (text: string) => void;
  onSend: (internal: boolean) => void;
  /** Shown beside the send buttons (the template picker). */
  tools?: ComponentChildren;
}) {
  const lastTypingSent = useRef(0);
  const empty = !props.draft.trim();
  const unfilled = unfilledPlaceholders(props.draft);
  return (
    <div class="reply">
      <label for="reply-body" class="visually-hidden">
        {t('reply')}
      </label>
      <textarea
        id="reply-body"
        data-testid="reply-body"
        rows={6}
        placeholder={t('replyPlaceholder')}
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
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) props.onSend(false);
        }}
      />
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
      <div class="actions">
        <button type="button" data-testid="send-reply" disabled={props.sending || empty} onClick={() => props.onSend(false)}>
          {props.sending ? t('sending') : t('sendReply')}
        </button>
        <button type="button" class="secondary" data-testid="send-note" disabled={props.sending || empty} onClick={() => props.onSend(true)}>
          {t('addNote')}
        </button>
        {props.tools}
      </div>
    </div>
  );
}
