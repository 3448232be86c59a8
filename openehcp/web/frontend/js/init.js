// Marks the page as JavaScript-enabled and starts GOV.UK and MOJ Frontend components.
// Kept out of the page itself so the Content-Security-Policy forbids every inline script.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
