// Starts Swagger UI on /api/docs from a file of our own, so the page keeps the strict CSP
// (no inline script) and loads nothing from another host.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
