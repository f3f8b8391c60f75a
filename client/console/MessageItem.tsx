/**
 * One message of a ticket's conversation: customer messages on one side, agents' on the other,
 * internal notes marked apart (never seen by the customer), system notes centred, image
 * attachments as thumbnails and other files as download links.
 */
import type { Message } from '../shared/api';
import { formatTime, t, type MessageKey } from '../shared/i18n';

export function MessageItem({ message }: { message: Message }) {
  const side = message.authorType === 'customer' ? 'from-customer' : message.authorType === 'system' && !message.automatic ? 'from-system' : 'from-agent';
  // Images show as thumbnails in the message; other files are download links.
  const images = message.attachments.filter((a) => a.contentType.startsWith('image/'));
  const files = message.attachments.filter((a) => !a.contentType.startsWith('image/'));
  return (
    <li
      data-testid="message"
      data-internal={message.internal ? 'true' : undefined}
      data-automatic={message.automatic ? 'true' : undefined}
      class={`message ${side} ${message.internal ? 'internal' : ''}`}
    >
      <div class="meta">
        <strong>{message.authorName ?? t(`author.${message.authorType}` as MessageKey)}</strong>
        {message.internal && (
          <span class="badge note" data-testid="note-badge">
            {t('internalNote')}
          </span>
        )}
        {message.automatic && (
          <span class="badge automatic" data-testid="message-automatic" title={t('automaticTitle')}>
            {t('automatic')}
          </span>
        )}
        <time>{formatTime(message.createdAt)}</time>
        {message.autoKind && <span class="badge auto">{t(`auto.${message.autoKind}` as MessageKey)}</span>}
        {message.deliveryState && (
          <span class={`delivery ${message.deliveryState}`} title={message.deliveryError ?? undefined}>
            {t(message.deliveryState)}
          </span>
        )}
        {message.hasRawSource && <a href={`/api/messages/${message.id}/raw`}>{t('showOriginal')}</a>}
      </div>
      {/* Plain text with line breaks kept; the sanitised HTML is never injected into the console. */}
      <div class="body">{message.body}</div>
      {images.length > 0 && (
        <ul class="attachment-images">
          {images.map((a) => (
            <li key={a.id}>
              <a href={`/api/attachments/${a.id}`} title={a.filename}>
                <img src={`/api/attachments/${a.id}`} alt="" loading="lazy" data-testid="attachment-thumb" />
                {/* The name under the picture: the link's text, and what a screen reader says. */}
                <span class="thumb-name">{a.filename}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul class="attachments">
          {files.map((a) => (
            <li key={a.id}>
              <a href={`/api/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
