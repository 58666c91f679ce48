// Saves text as a file through the page's own download (a Blob behind a temporary
// `<a download>`), which works the same in Electron and in the browser of `serve --ui`, so
// no save-file call has to cross the bridge.
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  try {
    link.click()
  } finally {
    link.remove()
    // Revoked on the next task, not at once: some browsers read the Blob only after the click
    // handler has returned. Until then the URL keeps the file's text in memory.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
}
