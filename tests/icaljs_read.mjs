// Reads .ics files with ical.js, the parser Thunderbird uses, and prints what it makes of
// them as JSON: tests/icaljs.py runs it, one node process for any number of files.
//
//   node icaljs_read.mjs ICAL_JS_MODULE < paths.json > calendars.json
//
// ICAL_JS_MODULE is the path of the installed package's dist/ical.js (an ES module: a
// bare `import "ical.js"` would only be found in a node_modules beside this script).
// Standard input is a JSON list of file paths; standard output a JSON list with one
// entry per file, in the same order. Times are given as ical.js resolves them: the wall
// time, the zone it found for the TZID (the file's own VTIMEZONE, else the timezone
// service, else none: floating), and the UTC instant when there is one.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const moduleUrl = pathToFileURL(process.argv[2]);
const ICAL = (await import(moduleUrl.href)).default;
const VERSION = JSON.parse(readFileSync(new URL("../package.json", moduleUrl), "utf8")).version;

const pad = (n, width = 2) => String(n).padStart(width, "0");

function zoneOf(time) {
  if (time.zone === ICAL.Timezone.utcTimezone) return "UTC";
  if (!time.zone || time.zone === ICAL.Timezone.localTimezone) return null; // floating
  return time.zone.tzid;
}

// A DATE or DATE-TIME as ical.js reads it.
function moment(time, written) {
  if (!time) return null;
  const day = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  if (time.isDate) {
    return { date_only: true, local: day, tzid: null, tzid_written: null, utc: null, utc_offset: null };
  }
  const tzid = zoneOf(time);
  const zoned = tzid !== null;
  return {
    date_only: false,
    local: `${day}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`,
    tzid,
    tzid_written: written ? written.getParameter("tzid") ?? null : null,
    // toUnixTime() takes a floating time as UTC: no instant is claimed for one.
    utc: zoned ? new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z") : null,
    utc_offset: zoned ? time.utcOffset() : null,
  };
}

function timeProperty(component, name) {
  const property = component.getFirstProperty(name);
  return property ? moment(property.getFirstValue(), property) : null;
}

function person(property) {
  const parameter = (name) => property.getParameter(name) ?? null;
  return {
    value: property.getFirstValue(),
    cn: parameter("cn"),
    role: parameter("role"),
    partstat: parameter("partstat"),
    rsvp: parameter("rsvp"),
    cutype: parameter("cutype"),
  };
}

// When a relative trigger fires, counted from its anchor as ical.js adds durations
// (days on the wall clock, as Thunderbird does); an all-day anchor is its midnight.
function fires(anchor, duration) {
  if (!anchor) return null;
  const when = anchor.clone();
  if (when.isDate) when.isDate = false;
  when.addDuration(duration);
  return moment(when, null);
}

function alarms(component, start, end) {
  return component.getAllSubcomponents("valarm").map((valarm) => {
    const trigger = valarm.getFirstProperty("trigger");
    const value = trigger ? trigger.getFirstValue() : null;
    let read = null;
    if (value instanceof ICAL.Duration) {
      const related = (trigger.getParameter("related") ?? "START").toUpperCase();
      read = {
        kind: "relative",
        duration: value.toString(),
        seconds: value.toSeconds(),
        related,
        fires: fires(related === "END" ? end : start, value),
      };
    } else if (value instanceof ICAL.Time) {
      read = { kind: "absolute", at: moment(value, trigger), fires: moment(value, trigger) };
    }
    return {
      action: valarm.getFirstPropertyValue("action"),
      trigger: read,
      description: valarm.getFirstPropertyValue("description"),
      summary: valarm.getFirstPropertyValue("summary"),
      repeat: valarm.getFirstPropertyValue("repeat"),
      attendees: valarm.getAllProperties("attendee").map(person),
    };
  });
}

function common(component) {
  const organizer = component.getFirstProperty("organizer");
  return {
    uid: component.getFirstPropertyValue("uid"),
    summary: component.getFirstPropertyValue("summary"),
    status: component.getFirstPropertyValue("status"),
    sequence: component.getFirstPropertyValue("sequence"),
    organizer: organizer ? person(organizer) : null,
    attendees: component.getAllProperties("attendee").map(person),
  };
}

function readEvent(component) {
  const event = new ICAL.Event(component);
  const start = event.startDate;
  const end = start ? event.endDate : null;
  return {
    kind: "VEVENT",
    ...common(component),
    all_day: Boolean(start && start.isDate),
    start: moment(start, component.getFirstProperty("dtstart")),
    end: moment(end, component.getFirstProperty("dtend")),
    alarms: alarms(component, start, end),
  };
}

function readTodo(component) {
  const start = component.getFirstPropertyValue("dtstart");
  const due = component.getFirstPropertyValue("due");
  return {
    kind: "VTODO",
    ...common(component),
    all_day: Boolean((due ?? start)?.isDate),
    start: timeProperty(component, "dtstart"),
    due: timeProperty(component, "due"),
    completed: timeProperty(component, "completed"),
    percent_complete: component.getFirstPropertyValue("percent-complete"),
    alarms: alarms(component, start, due),
  };
}

function readFile(path) {
  const parsed = ICAL.parse(readFileSync(path, "utf8"));
  // One VCALENDAR gives its jCal; several give a list of them.
  const jcals = typeof parsed[0] === "string" ? [parsed] : parsed;
  const file = { path, method: null, timezones: [], events: [], todos: [] };
  for (const jcal of jcals) {
    const calendar = new ICAL.Component(jcal);
    file.method ??= calendar.getFirstPropertyValue("method");
    const vtimezones = calendar.getAllSubcomponents("vtimezone");
    // As Thunderbird's import does: the file's own definitions of its TZIDs. ical.js 2
    // looks a TZID up in the file first and in the service only after; registering
    // them too makes both ways give this file's definition, never an earlier file's.
    for (const vtimezone of vtimezones) {
      const zone = new ICAL.Timezone(vtimezone);
      ICAL.TimezoneService.register(zone);
      file.timezones.push(zone.tzid);
    }
    for (const component of calendar.getAllSubcomponents()) {
      if (component.name === "vevent") file.events.push(readEvent(component));
      else if (component.name === "vtodo") file.todos.push(readTodo(component));
    }
    for (const tzid of file.timezones) ICAL.TimezoneService.remove(tzid);
  }
  return file;
}

const paths = JSON.parse(readFileSync(0, "utf8"));
const results = paths.map((path) => {
  try {
    return readFile(path);
  } catch (error) {
    return { path, error: String(error && error.stack ? error.stack : error) };
  }
});
process.stdout.write(JSON.stringify({ icaljs_version: VERSION, files: results }));
