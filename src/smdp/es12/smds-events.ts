/**
 * The SM-DP+'s side of ES12 (SGP.22 5.9, 3.6.1): an order confirmed with an smdsAddress gets an Event Record
 * at that SM-DS (RegisterEvent, before ConfirmOrder answers), and loses it once the profile is downloaded
 * (the BPP went out: the LPA has the EventID and retries at the SM-DP+ itself), installed or failed, or the
 * order is cancelled (DeleteEvent, in the background). An SM-DS that does
 * not answer is tried again after growing pauses, a bounded number of times; the profile keeps the event
 * (ProfileRecord.smdsEvent) until the SM-DS confirmed the deletion, so a restarted SM-DP+ finishes it.
 */
import type { Logger } from 'pino';
import type { Es12Client } from '../../client/es12-client.ts';
import { FunctionFailedError } from '../../errors/client-errors.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import type { StepHooks } from '../../rsp-server/steps.ts';
import { CallQueue } from '../call-queue.ts';
import type { Es9FunctionState } from '../es9/es9-list.ts';
import type { ProfileRecord, ProfileRepository, ProfileState, SmdsEventRef } from '../profile-repository.ts';

export interface SmdsEventsOptions {
  readonly client: Es12Client;
  readonly profiles: ProfileRepository;
  /** The SM-DP+ address the event records name (rspServerAddress). */
  readonly smdpAddress: string;
  readonly log: Logger;
  /** Pauses before each retry of RegisterEvent, inside ConfirmOrder (ms); their count is the retries. */
  readonly registerRetryDelaysMs?: readonly number[];
  /** Pauses before each retry of DeleteEvent (ms). */
  readonly deleteRetryDelaysMs?: readonly number[];
}

const DEFAULT_REGISTER_RETRY_DELAYS_MS = [250, 1_000];
const DEFAULT_DELETE_RETRY_DELAYS_MS = [500, 2_000, 8_000, 30_000];

/** Profiles read at once when resuming deletions after a restart. */
const RESUME_PAGE = 100;

/** Profiles whose event must go: the download happened, or is over, or the order is withdrawn. */
const EVENT_OVER: readonly ProfileState[] = ['downloaded', 'installed', 'error', 'available', 'unavailable'];

/** The SM-DS refused with this status code. */
const refusedWith = (error: unknown, name: StatusCodeName): error is FunctionFailedError =>
  error instanceof FunctionFailedError && error.codeName === name;

/** The SM-DS's refusal as the SM-DP+ reports it: 8.9 / 4.2 with the SM-DS's codes (SGP.22 5.3.2). */
const smdsRefusal = (error: FunctionFailedError, who: string) =>
  new RspError(
    'smdsExecutionError',
    `${who} answered ${error.subjectCode}/${error.reasonCode} ${error.detail}`,
    undefined,
    {
      cause: error,
    },
  );

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SmdsEvents {
  /** Deletions run one after the other, in the order they were asked for. */
  readonly #deletions = new CallQueue();
  /** Profiles whose deletion is queued (a profile is queued once). */
  readonly #queued = new Set<string>();
  /** The look for unfinished deletions at start, while it runs. */
  #resuming: Promise<void> | undefined;

  constructor(private readonly options: SmdsEventsOptions) {}

  /**
   * ES12.RegisterEvent for a ConfirmOrder. A record the SM-DS already has (this SM-DP+'s earlier attempt
   * whose answer was lost) counts as registered. The SM-DS's refusal is 8.9 / 4.2, no answer 8.9 / 5.1.
   */
  async register(event: SmdsEventRef): Promise<void> {
    const delays = this.options.registerRetryDelaysMs ?? DEFAULT_REGISTER_RETRY_DELAYS_MS;
    const fields = {
      eid: event.eid,
      eventId: event.eventId,
      rspServerAddress: this.options.smdpAddress,
      forwardingIndicator: false,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.client.call(event.smdsAddress, 'registerEvent', fields);
        return;
      } catch (error) {
        if (refusedWith(error, 'eventDuplicate')) return;
        if (error instanceof FunctionFailedError) throw smdsRefusal(error, 'the SM-DS');
        const unreachable = error instanceof RspError && error.codeName === 'smdsUnavailable';
        const delay = delays[attempt];
        if (!unreachable || delay === undefined) throw error;
        this.options.log.info({ smds: event.smdsAddress, attempt }, 'ES12 registerEvent retried');
        await pause(delay);
      }
    }
  }

  /** Queues ES12.DeleteEvent for the profile's event, if it has one and its download is over. */
  withdraw(profile: ProfileRecord | undefined): void {
    if (!profile?.smdsEvent || !EVENT_OVER.includes(profile.state) || this.#queued.has(profile.id)) return;
    this.#queued.add(profile.id);
    this.#enqueue(profile.id, profile.smdsEvent);
  }

  /** Queues ES12.DeleteEvent for an event no order kept (ConfirmOrder lost its race after registering it). */
  discard(event: SmdsEventRef): void {
    this.#enqueue(undefined, event);
  }

  #enqueue(profileId: string | undefined, event: SmdsEventRef): void {
    this.#deletions.add(() =>
      this.#delete(profileId, event).finally(() => profileId && this.#queued.delete(profileId)),
    );
  }

  /**
   * After a restart: the deletions a stopped SM-DP+ had not finished, asked of the store page by page (the
   * profiles still holding an event whose download is over), never by reading the inventory.
   */
  resume(): Promise<void> {
    this.#resuming = (async () => {
      let afterId: string | undefined;
      for (;;) {
        const page = await this.options.profiles.findWithSmdsEvent(EVENT_OVER, RESUME_PAGE, afterId);
        for (const profile of page) this.withdraw(profile);
        const last = page.at(-1);
        if (page.length < RESUME_PAGE || last === undefined) return;
        afterId = last.id;
      }
    })();
    return this.#resuming;
  }

  /** Waits until every queued deletion is done or given up (shutdown, tests). */
  async drain(): Promise<void> {
    await this.#resuming;
    await this.#deletions.drain();
  }

  /**
   * The end of getBoundProfilePackage (the BPP went out) and of handleNotification (an installation result,
   * good or bad) end the event (SGP.22 3.6.1); an LPA that does not send the notification at once (lpac
   * leaves it pending) still sees the event gone.
   */
  hooks(): StepHooks<Es9FunctionState> {
    return {
      // Synchronous unless there is an event to withdraw: the step runner awaits only a promise.
      finished: (_functionName, state) => {
        const profile =
          state.function === 'getBoundProfilePackage'
            ? state.profile
            : state.function === 'handleNotification'
              ? state.applied?.profile
              : undefined;
        if (!profile?.smdsEvent) return;
        return this.options.profiles.get(profile.id).then((current) => this.withdraw(current));
      },
    };
  }

  async #delete(profileId: string | undefined, event: SmdsEventRef): Promise<void> {
    const delays = this.options.deleteRetryDelaysMs ?? DEFAULT_DELETE_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.options.client
        .call(event.smdsAddress, 'deleteEvent', { eid: event.eid, eventId: event.eventId })
        .then(
          () => undefined,
          (error: Error) => error,
        );
      // Deleted, or already gone: either way the SM-DS holds no record of it any more.
      if (outcome === undefined || refusedWith(outcome, 'eventIdUnknown')) {
        if (profileId) await this.#forget(profileId, event);
        this.options.log.info({ smds: event.smdsAddress, eventId: event.eventId }, 'ES12 deleteEvent');
        return;
      }
      const why =
        outcome instanceof FunctionFailedError
          ? `${outcome.subjectCode}/${outcome.reasonCode}`
          : outcome.message;
      const delay = delays[attempt];
      if (delay === undefined) {
        this.options.log.warn(
          { smds: event.smdsAddress, eventId: event.eventId, why },
          'ES12 deleteEvent given up',
        );
        return;
      }
      this.options.log.info({ smds: event.smdsAddress, attempt, why }, 'ES12 deleteEvent retried');
      await pause(delay);
    }
  }

  /** The profile no longer has an event (unless it was given a new one meanwhile). */
  async #forget(profileId: string, event: SmdsEventRef): Promise<void> {
    for (let tries = 0; tries < 3; tries++) {
      const profile = await this.options.profiles.get(profileId);
      if (!profile?.smdsEvent || profile.smdsEvent.eventId !== event.eventId) return;
      const changed = await this.options.profiles.transition(profileId, [profile.state], profile.state, {
        smdsEvent: undefined,
      });
      if (changed) return;
    }
  }
}
