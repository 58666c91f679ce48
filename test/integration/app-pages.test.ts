// The shell's URL rules (which pages are ours, which links may leave) and `npm start`'s Electron
// check: pure code, tested under plain Node.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { appPages, externalHttpUrl, isAppDocument, isAppResource } from '../../src/main/app-pages'
import { findElectron } from '../../scripts/start.mjs'

const index = join(tmpdir(), 'ropc', 'out', 'renderer', 'index.html')
const prod = appPages(index, undefined)
const dev = appPages(index, 'http://localhost:5173/')

describe('app pages', () => {
  it('recognises the built page and its assets, nothing else on file://', () => {
    const page = pathToFileURL(index).href
    expect(isAppDocument(page, prod)).toBe(true)
    expect(isAppDocument(`${page}#/history`, prod)).toBe(true)
    expect(isAppResource(new URL('assets/app.js', page).href, prod)).toBe(true)
    expect(isAppDocument(new URL('assets/app.js', page).href, prod)).toBe(false)
    expect(isAppResource(pathToFileURL(join(tmpdir(), 'ropc', 'package.json')).href, prod)).toBe(false)
    expect(isAppDocument('https://example.com/', prod)).toBe(false)
    expect(isAppDocument('not a url', prod)).toBe(false)
  })

  it('in development, trusts the dev server origin only', () => {
    expect(isAppDocument('http://localhost:5173/', dev)).toBe(true)
    expect(isAppResource('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppDocument('http://localhost:5174/', dev)).toBe(false)
    expect(isAppDocument(pathToFileURL(index).href, dev)).toBe(false)
  })

  it('opens only plain http(s) links externally', () => {
    expect(externalHttpUrl('https://www.rfc-editor.org/rfc/rfc6749#section-4.3')).toBe(
      'https://www.rfc-editor.org/rfc/rfc6749#section-4.3',
    )
    expect(externalHttpUrl('http://127.0.0.1:8443/.well-known/oauth-authorization-server')).not.toBeNull()
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'https://user:pw@evil.example/',
      'nope',
    ]) {
      expect(externalHttpUrl(url), url).toBeNull()
    }
  })
})

describe('findElectron (npm start)', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })
  const project = async () => {
    const d = await mkdtemp(join(tmpdir(), 'ropc-start-'))
    dirs.push(d)
    return d
  }

  it('says why when the package, path.txt or the binary is missing, or there is no display', async () => {
    const d = await project()
    expect(findElectron(d, {}, 'linux').reason).toMatch(/not installed/)
    await mkdir(join(d, 'node_modules/electron/dist'), { recursive: true })
    expect(findElectron(d, {}, 'linux').reason).toBe(
      'its binary is not installed: node_modules/electron/path.txt is missing',
    )
    await writeFile(join(d, 'node_modules/electron/path.txt'), 'electron')
    expect(findElectron(d, {}, 'linux').reason).toMatch(/dist\/electron is missing/)
    await writeFile(join(d, 'node_modules/electron/dist/electron'), '')
    expect(findElectron(d, {}, 'linux').reason).toMatch(/no display/)
    expect(findElectron(d, { DISPLAY: ':0' }, 'linux')).toEqual({
      binary: join(d, 'node_modules/electron/dist/electron'),
    })
    expect(findElectron(d, {}, 'darwin').binary).toBeDefined()
  })
})
