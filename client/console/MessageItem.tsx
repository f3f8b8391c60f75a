/** One message of a ticket's conversation. */
import type { Message } from '../shared/api';
import { formatTime, t, type MessageKey } from '../shared/i18n';

export function MessageItem({ message }: { message: Message }) {
  const side = message.authorType === 'customer' ? 'from-customer' : 'from-agent';
  return (
    <li
      data-testid="message"
      data-internal={message.internal ? 'true' : undefined}
      data-automatic={message.automatic ? 'true' : undefined}
      class={`message ${side} ${message.internal ? 'internal' : ''}`}
    >
      <div class="meta">
        <strong>{message.authorName ?? t(`author.${message.authorType}` as MessageKey)}</strong>
        {message.internal && <span class="badge note">{t('internalNote')}</span>}
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
      {message.attachments.length > 0 && (
        <ul class="attachments">
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
