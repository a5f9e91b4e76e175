/* The capture page's mapping-event code (web/_event_code.html): entered once, checked by the API
 * (POST /api/v1/mapping-events/check), kept on the phone with the event's name and times
 * (outbox-keys.js) and sent with every report while the event runs. The panel says which event
 * the phone is part of and until when, or why the server refused the code. */
import * as Keys from "./outbox-keys.js";
import * as Outbox from "./outbox.js";
import { config } from "./submit-base.js";
import { csrfToken, formatDateTime, gettext, interpolate } from "./util.js";

const panel = document.getElementById("event-code");
const summary = document.getElementById("event-code-summary");
const stateLine = document.getElementById("event-code-state");
const entry = document.getElementById("event-code-entry");
const input = document.getElementById("event-code-input");
const error = document.getElementById("event-code-error");
const actions = document.getElementById("event-code-actions");
const codeForm = document.getElementById("event-code-form");

const shown = (code) => (code.length === 8 ? code.slice(0, 4) + "-" + code.slice(4) : code);

async function render() {
  const event = await Keys.eventCode().catch(() => null);
  entry.hidden = !!event && !event.refused;
  actions.hidden = !event;
  panel.classList.toggle("active", !!event && !event.refused);
  if (!event) {
    summary.textContent = gettext("Mapping event code");
    stateLine.textContent = "";
    return;
  }
  const values = { name: event.title, code: shown(event.code), start: formatDateTime(event.startsAt), end: formatDateTime(event.endsAt) };
  if (event.refused) {
    summary.textContent = gettext("Mapping event code refused");
    stateLine.textContent = interpolate(gettext("The code %(code)s was refused: %(reason)s Reports are sent without it."),
                                        { code: values.code, reason: event.refused }, true);
    panel.open = true;
  } else {
    summary.textContent = interpolate(gettext("Mapping event: %(name)s"), values, true);
    stateLine.textContent = event.startsAt > Date.now()
      ? interpolate(gettext("Code %(code)s: from %(start)s until %(end)s, this phone may send more reports."), values, true)
      : interpolate(gettext("Code %(code)s: until %(end)s, this phone may send more reports."), values, true);
  }
}

async function check(code) {
  let response;
  try {
    response = await fetch(config.eventCheck, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken(config.csrfCookie) },
      body: JSON.stringify({ code: code }),
    });
  } catch (failure) {
    return { error: gettext("No connection: a code can be checked only online. Try again when you have signal.") };
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body && body.code) return { event: body };
  const reasons = body && (body.code || body.detail);
  return { error: reasons ? [].concat(reasons).map(String).join(" ")
    : interpolate(gettext("The code could not be checked (error %(status)s)."), { status: response.status }, true) };
}

export function startEventCode() {
  codeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!input.value.trim()) {
      error.textContent = gettext("Type the code the organisers gave you.");
      input.focus();
      return;
    }
    const answer = await check(input.value);
    if (answer.error) {
      error.textContent = answer.error;
      input.focus();
      return;
    }
    await Keys.keepEventCode(answer.event);
    input.value = "";
    await render();
    Outbox.flush(true);  // reports held back by a limit may go now
  });
  document.getElementById("event-code-remove").addEventListener("click", async () => {
    await Keys.forgetEventCode();
    render();
  });
  Outbox.onChange(render);  // a code the API refused while sending
  render();
}
