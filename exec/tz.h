/*
 * tz.h - time zones for the date/time functions: IANA zones read from the
 * system's TZif files (/usr/share/zoneinfo, package tzdata) and fixed offsets,
 * named the way java.time.ZoneId.of names them.
 *
 * Model: a zone is a sorted list of transitions (UTC instant -> offset and
 * abbreviation) plus, past the last one, the POSIX TZ rule from the file's
 * footer. Local time turns into an instant as java.time does: in an overlap
 * (autumn) the earlier offset wins, in a gap (spring) the local time moves
 * forward by the length of the gap.
 *
 * Zones are immutable once loaded, so any number of threads may read one; the
 * loading call site owns it and frees it. Nothing here touches TZ or the C
 * library's process-wide time zone state.
 */
#ifndef SL_EXEC_TZ_H
#define SL_EXEC_TZ_H

#include "common/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sl_tz sl_tz;

/* Where zone files are read from (a directory ending in '/'). */
#define SL_TZ_DIR "/usr/share/zoneinfo/"

/*
 * Loads the zone named id (len bytes), as ZoneId.of accepts it: "Z", "UTC",
 * "GMT", "UT", an offset ("+05", "+0530", "-05:30", "+05:30:15"), a prefixed
 * offset ("UTC+5", "GMT-08:00"), or a region ID ("America/Los_Angeles").
 * The result is malloc'd; free it with sl_tz_free. Errors (SL_E_EVAL): an
 * unknown region or a malformed ID, with ZoneId's wording.
 */
sl_error *sl_tz_load(const char *id, size_t len, sl_tz **out);
/* The zone for a zone abbreviation met while parsing text ('PST' -> the
 * America/Los_Angeles rules, as Java's zone-name parser maps it), or for any
 * ID sl_tz_load accepts. */
sl_error *sl_tz_load_name(const char *name, size_t len, sl_tz **out);
/* The UTC zone; never fails. */
sl_tz *sl_tz_utc(void);
void sl_tz_free(sl_tz *z);

/* The zone's ID as it was given (normalised for offsets: "+05:30", "Z"). Borrowed. */
const char *sl_tz_id(const sl_tz *z);
/* The offset from UTC in seconds at the UTC instant utc_s (seconds since the
 * epoch); *abbr (may be NULL) receives the zone abbreviation ("PDT"), borrowed. */
int32_t sl_tz_offset_at(const sl_tz *z, int64_t utc_s, const char **abbr);
/* The UTC instant (seconds) of local time local_s (seconds since 1970-01-01T00:00
 * local), by java.time's rules for gaps and overlaps. */
int64_t sl_tz_local_to_utc(const sl_tz *z, int64_t local_s);

#endif
