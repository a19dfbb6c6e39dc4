// Progressive enhancement: a "copy" button for read-only code fields (the field itself works without it).
(() => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.getAttribute("data-copied") || label;
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    });
  }
})();
