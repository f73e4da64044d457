// A message that names the server's settings (PUBLIC_URL, SMTP_HOST) or a command (`openssl rand -hex 24`): those
// are typed as they are, so they are shown as code — set apart from the Russian words around them.
const CODE = /(`[^`]+`|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b)/

export function SettingText({ text }: { text: string }) {
  return <>{text.split(CODE).map((part, i) => (i % 2 ? <code key={i}>{part.replace(/^`|`$/g, '')}</code> : part))}</>
}
