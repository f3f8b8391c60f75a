/** The widget's CSS, injected into its shadow root so the host page's styles never reach it (nor ours the page). */
export const widgetCss = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: none; border-radius: 28px; padding: 14px 20px; background: var(--hd,#2f6fde); color: var(--hd-text,#fff); font-size: 15px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
.badge { display: inline-block; min-width: 20px; margin-left: 8px; padding: 1px 6px; border-radius: 10px; background: #e11d48; font-size: 12px; }
.panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 360px; height: 520px; max-height: calc(100vh - 40px); display: flex; flex-direction: column; background: #fff; color: #1d2330; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; font-size: 14px; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: var(--hd,#2f6fde); color: var(--hd-text,#fff); }
header button { background: none; border: none; color: inherit; font-size: 20px; cursor: pointer; }
.notice { padding: 8px 14px; background: #f1f5ff; color: #334; font-size: 13px; }
.notice.offline { background: #fff7e6; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 80%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; }
.msg.me { align-self: flex-end; background: var(--hd,#2f6fde); color: var(--hd-text,#fff); }
.msg.them { align-self: flex-start; background: #eef0f4; }
.msg small { display: block; opacity: .75; font-size: 11px; margin-top: 2px; }
.typing { padding: 0 14px 6px; color: #6b7385; font-size: 12px; }
.kb { flex: none; max-height: 40%; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; padding: 8px 10px; border-top: 1px solid #e2e5eb; background: #f7f8fa; }
.kb small { color: #6b7385; font-size: 12px; }
.kb a { display: block; padding: 8px 10px; border: 1px solid #dfe3ea; border-radius: 8px; background: #fff; color: var(--hd,#2f6fde); font-size: 13px; line-height: 1.35; text-decoration: none; overflow-wrap: anywhere; }
.kb a:hover, .kb a:focus-visible { border-color: var(--hd,#2f6fde); background: #f1f5ff; outline: none; }
.kb a::after { content: " ↗"; opacity: .6; }
form.compose { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e2e5eb; }
input, textarea { flex: 1; border: 1px solid #d5d9e2; border-radius: 8px; padding: 8px 10px; font-size: 14px; color: inherit; background: #fff; }
textarea { resize: none; height: 40px; }
form button, .prechat button { border: none; border-radius: 8px; padding: 8px 14px; background: var(--hd,#2f6fde); color: var(--hd-text,#fff); cursor: pointer; font-size: 14px; }
.attach { display: flex; align-items: center; padding: 0 4px; cursor: pointer; font-size: 18px; }
.attach input { display: none; }
.survey { flex: none; display: flex; flex-direction: column; gap: 6px; padding: 8px 10px; border-top: 1px solid #e2e5eb; background: #f7f8fa; }
.survey small { color: #6b7385; font-size: 12px; }
.survey div { display: flex; gap: 6px; }
.survey button { flex: 1; border: 1px solid #d5d9e2; border-radius: 8px; padding: 6px 0; background: #fff; color: #1d2330; cursor: pointer; font-size: 14px; }
.survey button[aria-pressed="true"] { background: var(--hd,#2f6fde); border-color: var(--hd,#2f6fde); color: #fff; }
.prechat { padding: 16px; display: flex; flex-direction: column; gap: 10px; }
.prechat input { flex: none; }
.left .launcher, .left .panel { right: auto; left: 20px; }
.greeting { align-self: flex-start; max-width: 80%; padding: 8px 11px; border-radius: 12px; background: #eef0f4; white-space: pre-wrap; line-height: 1.4; }
@media (max-width: 480px) {
  .panel, .left .panel { right: 0; left: 0; bottom: 0; width: 100vw; height: 100vh; max-height: 100vh; border-radius: 0; }
  .launcher { right: 12px; bottom: 12px; }
  .left .launcher { left: 12px; }
}
`;
