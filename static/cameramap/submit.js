/* The capture page, the start (see submit-base.js for its parts): the form as the page opened
 * it, then the "waiting to send" list, the outbox and the service worker (offline.js), and the
 * mapping-event code (event-code.js). */
import { startEventCode } from "./event-code.js";
import { startOffline } from "./offline.js";
import { edit, start } from "./submit-form.js";
import { sending } from "./submit-send.js";
import "./submit-survey.js";

start();
startOffline({ edit, sending });
startEventCode();
