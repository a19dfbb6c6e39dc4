// Optional script for sites that embed the Vangnet roadmap: resizes the iframe to its content.
(() => {
  const origin = new URL(document.currentScript ? document.currentScript.src : location.href).origin;
  window.addEventListener("message", (event) => {
    if (event.origin !== origin || !event.data || event.data.type !== "vangnet:height") return;
    const height = Number(event.data.height);
    if (!Number.isFinite(height) || height < 100 || height > 20000) return;
    for (const frame of document.querySelectorAll("iframe[data-vangnet-embed]")) {
      if (frame.contentWindow === event.source) frame.style.height = `${height}px`;
    }
  });
})();
