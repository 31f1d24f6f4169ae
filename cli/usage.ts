/**
 * The whole interface in one screen: what `--help` prints before anything else is loaded, so it
 * reads core only through its start-up door (core/startup.ts).
 */
import { DESTINATION_KINDS } from '../core/startup.js';

export const USAGE = `Usage: zoom-livestream <action> (--meeting <id|link> | --webinar <id|link> | --file <streams.yml>) [options]

Set, start, stop and read a Zoom meeting's or webinar's custom live stream, from cron, systemd,
Kubernetes, GitLab CI or any scheduler.

Actions:
  update   set the stream URL, key and page URL (and resolution)
  start    start the stream (updates it first when given stream options); can wait for the host
  stop     stop the stream
  get      read the stream configuration (the key masked)
  mode     change the view of a running stream (meetings: layout, captions)
  check    the pre-flight check: will this stream start? (reads only)
  confirm  is the stream live at its destination now? (reads the configuration, then the destination)
  plan     with --file: what differs between Zoom and the streams file (exit 8 when anything does)
  apply    with --file: make Zoom match the streams file (one update per differing entry)
  run      with --file: keep every entry live until SIGTERM (zoom-livestream run --help)
  youtube-login  consent for YouTube: writes the refresh token to --out FILE (youtube-login --help)

Target:
  --meeting <id|link>         85746065123, "857 4606 5123" or the join link
  --webinar <id|link>

Stream:
  --stream-url URL  --stream-key KEY  --page-url URL  --resolution 720p|1080p
Settings (start and mode):
  --active-speaker-name  --display-name TEXT  --layout L  --close-caption C  --settings JSON
Waiting (start):
  --wait-for-start DURATION   wait this long for the host: 90, 90s, 45m, 2h, 1h30m (at most 6h)
  --poll-interval DURATION    how often to ask meanwhile (default 5s reading the meeting, else 15s)
A fleet from one streams file (plan, apply, start, stop, check, get, confirm), in one process;
start and confirm prove each entry live at its confirm: destination:
  --file FILE                 YAML or JSON with defaults: and streams: (or ZOOM_STREAMS_FILE)
  --only a,b                  the entries to act on, by name
  --due DURATION              start: only what Zoom's calendar has beginning within it (20m)
  --max-rate N                requests per second for the fleet (default 10)
  --allow-literal-keys        accept stream keys written in the file
Confirming (start, confirm): prove the stream live at its destination, through its HTTP API
  --confirm KIND              none (default), ${DESTINATION_KINDS.join(', ')}
  --confirm-url URL           the API's base URL; for nginx-rtmp the rtmp_stat page's URL
  --confirm-id ID             mux, cloudflare, twitch, ivs, youtube: the service's ID for the stream
                              (live stream ID, live input UID, channel login, channel ARN; YouTube's
                              is found by the key when unset); credentials from the service's
                              variables: MUX_TOKEN_ID/_SECRET, CLOUDFLARE_API_TOKEN/_ACCOUNT_ID,
                              TWITCH_CLIENT_ID/_SECRET, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
                              AWS_SESSION_TOKEN, YOUTUBE_CLIENT_ID/_SECRET/_REFRESH_TOKEN
                              (each also NAME_FILE)
  --confirm-level LEVEL       publishing, or receiving (default: bytes arrive over 5 s or more)
  --confirm-timeout DURATION  how long to read before the stream counts as not live (default 2m)
  The API's user and password: ZOOM_CONFIRM_USER and ZOOM_CONFIRM_PASSWORD (or _FILE).
YouTube (start, stop): YouTube's stream gives Zoom its address and key; no key to copy
  --youtube-broadcast create|none  create: a broadcast per start, put on air once video arrives
                              (confirmed on-air), completed by stop; none: the stream only
  --youtube-title TEXT  --youtube-privacy unlisted|public|private  --youtube-stream-id ID
  --youtube-broadcast-id ID   stop: the broadcast to complete (default: the one live on the stream)
  Credentials: YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET, YOUTUBE_REFRESH_TOKEN (each also _FILE);
  --confirm-url names YouTube's API (a stand-in's); each run says the quota units it spent.
Service:
  --api-base-url URL  --oauth-token-url URL  --encoding json|multipart
  --max-retries N  --timeout-seconds N  --dry-run  --fail-on problem|never (check)
Output:
  --json                      one JSON object on stdout (secrets masked); progress goes to stderr
  --help, --version

Credentials come from the environment only, never from flags (flags show in ps and in shell
history): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server OAuth), or
ZOOM_ACCESS_TOKEN. Each may also be given as <NAME>_FILE, a file that holds it (Kubernetes and
Docker secrets): ZOOM_CLIENT_SECRET_FILE=/run/secrets/zoom-client-secret. The stream key likewise:
ZOOM_STREAM_KEY or ZOOM_STREAM_KEY_FILE, used by update, and by start with --stream-url;
--stream-key is accepted, but the environment keeps the key out of ps and shell history. Every option also reads
ZOOM_<OPTION> (ZOOM_API_BASE_URL, ZOOM_WAIT_FOR_START, ZOOM_MEETING, ...); a flag wins.

Exit codes:
  0  done                      3  authentication failed      6  check found a problem
  1  Zoom refused the call     4  network or timeout (retry)  7  started (or running), not confirmed live
  8  plan: Zoom differs from the streams file, or a problem stands
  2  usage or validation: nothing was sent                   5  the host did not start in time
  130/143  interrupted (SIGINT/SIGTERM)

Examples:
  zoom-livestream start --meeting 85746065123 --stream-url rtmp://a.rtmp.youtube.com/live2 \\
    --page-url https://youtube.com/@acme/live --wait-for-start 75m      (ZOOM_STREAM_KEY set)
  zoom-livestream stop --meeting 85746065123
  zoom-livestream check --meeting 85746065123 --json
  zoom-livestream confirm --meeting 85746065123 --confirm nginx-rtmp --confirm-url http://rtmp.example.org:8080/stat
  zoom-livestream start --meeting 85746065123 --youtube-broadcast create --wait-for-start 75m
`;
