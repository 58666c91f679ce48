// Who sees the password: under the password grant every hop between the user and the authorization
// server does; under the authorization code grant with PKCE (RFC 7636) only the authorization server's
// own page does. Inline SVG, coloured by the app's CSS variables (lesson.css).
import { useId } from 'react'

interface Box {
  x: number
  label: string
  sees: boolean
}

// Boxes narrow enough that each gap between them holds its arrow's label clear of both borders.
const W = 180
const H = 56
/** A label longer than this is fitted into its box (SVG textLength) rather than run over its border. */
const LONG_LABEL = 16

function Lane({ y, title, boxes }: { y: number; title: string; boxes: Box[] }) {
  return (
    <g>
      <text x={10} y={y - 12} className="who-lane-title">
        {title}
      </text>
      {boxes.map((b) => (
        <g key={b.label}>
          <rect x={b.x} y={y} width={W} height={H} rx={8} className={b.sees ? 'who-box sees' : 'who-box'} />
          <text
            x={b.x + W / 2}
            y={y + 24}
            textAnchor="middle"
            className="who-label"
            {...(b.label.length > LONG_LABEL ? { textLength: W - 16, lengthAdjust: 'spacingAndGlyphs' } : {})}
          >
            {b.label}
          </text>
          <text x={b.x + W / 2} y={y + 44} textAnchor="middle" className={b.sees ? 'who-note sees' : 'who-note'}>
            {b.sees ? 'sees the password' : 'never sees it'}
          </text>
        </g>
      ))}
    </g>
  )
}

function Arrow({ x1, x2, y, label, kind }: { x1: number; x2: number; y: number; label: string; kind: string }) {
  return (
    <g className={`who-arrow ${kind}`}>
      <line x1={x1} y1={y} x2={x2 - 6} y2={y} markerEnd="url(#who-arrowhead)" />
      <text x={(x1 + x2) / 2} y={y - 6} textAnchor="middle">
        {label}
      </text>
    </g>
  )
}

export function WhoSeesDiagram() {
  const titleId = useId()
  const descId = useId()
  const xs = [5, 258, 511, 764]
  return (
    <figure className="who-sees">
      <svg viewBox="0 0 950 372" role="img" aria-labelledby={`${titleId} ${descId}`} className="who-sees-svg">
        <title id={titleId}>Who sees the password</title>
        <desc id={descId}>
          Password grant: the user, the client app, every proxy and log on the way, and the authorization server.
          Authorization code with PKCE: the user and the authorization server only; the client gets a code, then tokens.
        </desc>
        <defs>
          <marker
            id="who-arrowhead"
            viewBox="0 0 10 10"
            refX="5"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="who-arrowhead" />
          </marker>
        </defs>
        <Lane
          y={40}
          title="Password grant (ROPC)"
          boxes={[
            { x: xs[0]!, label: 'User', sees: true },
            { x: xs[1]!, label: 'Client app', sees: true },
            { x: xs[2]!, label: 'Proxies and logs', sees: true },
            { x: xs[3]!, label: 'Authorization server', sees: true },
          ]}
        />
        <Arrow x1={xs[0]! + W} x2={xs[1]!} y={68} label="password" kind="secret" />
        <Arrow x1={xs[1]! + W} x2={xs[2]!} y={68} label="password" kind="secret" />
        <Arrow x1={xs[2]! + W} x2={xs[3]!} y={68} label="password" kind="secret" />

        <Lane
          y={190}
          title="Authorization code with PKCE (RFC 7636)"
          boxes={[
            { x: xs[0]!, label: 'User', sees: true },
            { x: xs[1]!, label: 'Client app', sees: false },
            { x: xs[3]!, label: 'Authorization server', sees: true },
          ]}
        />
        <g className="who-arrow secret">
          <path
            d={`M${xs[0]! + W / 2},${190 + H} C${xs[0]! + W / 2},318 ${xs[3]! + W / 2},318 ${xs[3]! + W / 2},${196 + H}`}
            fill="none"
            markerEnd="url(#who-arrowhead)"
          />
          <text x={(xs[0]! + xs[3]! + W) / 2} y={360} textAnchor="middle">
            password, on the authorization server’s own page
          </text>
        </g>
        <Arrow x1={xs[3]!} x2={xs[1]! + W + 6} y={206} label="code (redirect)" kind="code" />
        <Arrow x1={xs[1]! + W} x2={xs[3]!} y={232} label="code + code_verifier → tokens" kind="code" />
      </svg>
      <figcaption className="visually-hidden">
        Under the password grant the password passes through the client and every hop; with the authorization code grant
        and PKCE only the authorization server sees it.
      </figcaption>
    </figure>
  )
}
