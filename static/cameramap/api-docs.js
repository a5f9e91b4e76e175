// /api/v1/docs/: start Swagger UI (loaded by the page from drf-spectacular-sidecar's static
// files) with the settings the server wrote into the page as JSON. Nothing is inline, so the
// site's Content-Security-Policy applies here unchanged.
const config = JSON.parse(document.getElementById("api-docs-config").textContent);
const SAFE = new Set(["GET", "HEAD", "OPTIONS", undefined]);

window.SwaggerUIBundle({
  url: config.url,
  dom_id: "#swagger-ui",
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  // Swagger UI would ask an outside validator about our schema and show its badge as an image
  // from there: the policy refuses both, and the schema is checked by our own tests.
  validatorUrl: null,
  // A moderator signed in with a session sends its CSRF token on writes, as the site's pages do.
  requestInterceptor: (request) => {
    if (!SAFE.has(request.method) && request.credentials === "same-origin") {
      request.headers[config.csrfHeader] = config.csrfToken;
    }
    return request;
  },
  ...config.settings,
});
