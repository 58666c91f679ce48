// The layout rules every screen keeps, checked by machine in a real Chromium page: the app shell never
// scrolls (each pane scrolls itself), nothing overflows its pane sideways, no text is cut by
// `overflow: hidden` without an ellipsis and a title, sticky bars are opaque; and axe-core finds no
// serious or critical accessibility violation. One place for the rules, so every e2e file can use them.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** At most this many problems are reported per screen (the first ones say enough). */
const MAX_PROBLEMS = 12

/**
 * The rules, run inside the page. Plain JavaScript in a string: this file is type-checked without the DOM
 * library (it runs in Node), and Playwright sends the text to the page as is. Returns one line per
 * problem, naming the element so the line alone says where to look.
 */
const LAYOUT_RULES = `(max) => {
  const problems = []
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : ''
    const label = el.getAttribute('aria-label') ? '[aria-label="' + el.getAttribute('aria-label') + '"]' : ''
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 50)
    return '<' + el.tagName.toLowerCase() + cls + label + '> "' + text + '"'
  }
  const root = document.scrollingElement || document.documentElement
  if (root.scrollHeight > window.innerHeight + 1) {
    problems.push('the document scrolls: ' + root.scrollHeight + 'px tall in a ' + window.innerHeight + 'px window')
  }
  if (root.scrollWidth > window.innerWidth + 1) {
    problems.push('the document scrolls sideways: ' + root.scrollWidth + 'px wide in a ' + window.innerWidth + 'px window')
  }
  const hidden = (el) =>
    el.closest('.visually-hidden, [hidden]') !== null || (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg')
  const opaque = (colour) => {
    if (colour === 'transparent') return false
    const parts = colour.match(/[\\d.]+/g)
    return !parts || parts.length < 4 || Number(parts[3]) >= 1
  }
  const formControl = (el) => ['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName)
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (problems.length >= max) break
    if (hidden(el) || formControl(el)) continue
    const style = getComputedStyle(el)
    if (style.display === 'none' || style.visibility === 'hidden') continue
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const wider = el.scrollWidth > el.clientWidth + 1
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll'
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip'
    // A pane that scrolls sideways holds a table or a form that did not fit the width it has.
    if (scrolls && wider && !el.closest('[data-scroll-x]')) {
      // Name the innermost element that sticks out, which is where the fix goes.
      const edge = box.left + el.clientWidth + 1
      const out = Array.from(el.querySelectorAll('*')).filter(
        (d) => !hidden(d) && d.getBoundingClientRect().right > edge + el.scrollLeft,
      )
      const culprit = out.find((d) => !Array.from(d.children).some((c) => out.includes(c)))
      problems.push(
        'overflows its pane sideways by ' + (el.scrollWidth - el.clientWidth) + 'px: ' + name(el) +
          (culprit ? ', because of ' + name(culprit) : ''),
      )
    }
    // Cut text: the user must see that it is cut (an ellipsis) and be able to read it whole (a title).
    if (clips && wider && (el.textContent || '').trim() !== '') {
      const titled = el.closest('[title]') !== null
      if (style.textOverflow !== 'ellipsis' || !titled) {
        problems.push('text cut without ' + (titled ? 'an ellipsis' : 'a title') + ': ' + name(el))
      }
    }
    if (style.position === 'sticky' && !opaque(style.backgroundColor) && style.backgroundImage === 'none') {
      problems.push('sticky bar without an opaque background (' + style.backgroundColor + '): ' + name(el))
    }
  }
  return problems
}`

/** The layout problems of what the page shows now (empty when it keeps every rule). */
export async function layoutProblems(page: Page): Promise<string[]> {
  return (await page.evaluate(`(${LAYOUT_RULES})(${MAX_PROBLEMS})`)) as string[]
}

/**
 * Serious and critical axe-core violations of what the page shows now, one line each. `contrastOnly` runs
 * the one rule a colour theme changes (names, roles and labels are the same in light and dark).
 */
export async function accessibilityProblems(page: Page, { contrastOnly = false } = {}): Promise<string[]> {
  // The WCAG A/AA rules (contrast, names, roles): the best-practice ones are advice, and slower.
  const builder = new AxeBuilder({ page })
  const result = await (
    contrastOnly
      ? builder.withRules(['color-contrast'])
      : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
  ).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')
      return `${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${where}`
    })
}
