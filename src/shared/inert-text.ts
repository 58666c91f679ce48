// Untrusted text on its way to a terminal (the CLI's reports) or a text file someone will `cat`.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

/**
 * Text from someone else (a scenario file, a server's answer, a client_id seen on the wire), made
 * inert for a terminal and a text file: control characters (C0 but the line feed and tab, DEL, C1)
 * are shown as `\x1b`. A name or an error_description carrying ESC sequences would otherwise
 * retitle the window, clear the screen, rewrite earlier lines (a FAIL shown as PASS) or, in some
 * terminals, set the clipboard (OSC 52).
 */
export function inert(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
