// Keeps an import's progress bar up to date while the background task runs, then reloads the
// page to show the summary. Without JavaScript the page offers a refresh link instead.
const box = document.getElementById("import-progress");
if (box) {
  const status = document.getElementById("import-status");
  const bar = document.getElementById("import-bar");
  const poll = async () => {
    const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    if (data.finished) {
      window.location.reload();
      return;
    }
    bar.max = Math.max(data.total, 1);
    bar.value = data.done;
    const rows = data.total ? `: ${data.done.toLocaleString("en-GB")} of ${data.total.toLocaleString("en-GB")} rows` : "";
    status.textContent = `${data.status_text}${rows}`;
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
