export const id = 951;
export const ids = [951];
export const modules = {

/***/ 6951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishAligned: () => (/* binding */ publishAligned)
});

// UNUSED EXPORTS: MAX_FILLERS, MAX_RETRIES

// EXTERNAL MODULE: ./src/archive/inspect/local-zip.ts
var local_zip = __webpack_require__(5608);
// EXTERNAL MODULE: ./src/aws/answers.ts
var answers = __webpack_require__(7054);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/limiter.ts
var limiter = __webpack_require__(1555);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./src/archive/zip/crc32.ts
var crc32 = __webpack_require__(8617);
// EXTERNAL MODULE: ./src/archive/zip/format.ts
var format = __webpack_require__(4471);
;// CONCATENATED MODULE: ./src/archive/zip/placeholder.ts
// A zip of one small stored file, built in memory: the content of the filler versions that
// align-versions publishes and deletes at once. Lambda refuses anything that is not a zip
// ("Could not unzip uploaded file"), so even a placeholder must be one.


/** File mode of the placeholder's one entry. */
const FILE_MODE = 0o644;
/**
 * The bytes of a zip holding one file `name` (stored, not compressed) with `text` as UTF-8, in
 * the writer's fixed form (time 1980-01-01, Unix mode 0644, no comment). Same inputs, same bytes.
 * Never throws for a name and text of a few hundred bytes.
 */
function placeholderZip(name, text) {
    const data = Buffer.from(text, 'utf8');
    const entry = {
        name,
        method: format/* METHOD */.Mx.stored,
        descriptor: false,
        zip64Sizes: false,
        crc: (0,crc32/* crc32 */.Q)(data),
        compressedSize: data.length,
        size: data.length,
        kind: 'file',
        mode: FILE_MODE,
        offset: 0
    };
    const local = (0,format/* localHeader */.$B)(entry);
    const central = (0,format/* centralHeader */.j)(entry);
    const end = (0,format/* endRecords */.sp)({ entries: 1, size: central.length, offset: local.length + data.length, comment: Buffer.alloc(0) });
    return Buffer.concat([local, data, central, end]);
}

// EXTERNAL MODULE: ./src/aws/layer-version.ts
var layer_version = __webpack_require__(3825);
// EXTERNAL MODULE: ./src/publish/ownership.ts
var ownership = __webpack_require__(9102);
// EXTERNAL MODULE: ./src/publish/retry.ts
var publish_retry = __webpack_require__(833);
;// CONCATENATED MODULE: ./src/publish/filler.ts
// Filler versions for align-versions: a placeholder published only to move a region's version
// counter on (Lambda numbers versions per region and never reuses a number, deleted ones
// included: lambda-layers.md), deleted at once, never shared. Each run's fillers hold a random
// token, so their CodeSha256 is the run's own: a real version's lookup (another CodeSha256) never
// adopts one, and this run's sweep never deletes another run's.








/** The description every filler version carries (at most 256 characters, Lambda's limit). */
const FILLER_DESCRIPTION = 'Placeholder published by publish-lambda-layer to align version numbers across regions; deleted at once, never shared. Do not use.';
const FILLER_FILE = 'publish-lambda-layer-placeholder.txt';
/** The run's filler, unique to it through `token` (random by default). Never throws. */
function makeFiller(token = (0,external_node_crypto_.randomUUID)()) {
    const zip = placeholderZip(FILLER_FILE, `${FILLER_DESCRIPTION}\nrun ${token}\n`);
    return { zip, sha256: (0,external_node_crypto_.createHash)('sha256').update(zip).digest('base64') };
}
/**
 * Publishes one filler version of `layerName` and deletes it at once. Returns its number (the
 * region's next version gets the number after it). A lost answer is settled as for any publish
 * (publish/retry.ts), by the filler's CodeSha256. Throws what publishWithRetry throws (the SDK
 * error, LeftBehindError); LeftBehindError naming the filler when its delete fails; CancelledError
 * when the run is cancelled (after deleting a filler that landed meanwhile).
 */
async function publishFiller(layerName, filler, deps) {
    const { retry } = deps;
    deps.track?.(`a filler version newer than ${retry.baseline} with CodeSha256 ${filler.sha256}, if the publish in flight landed`);
    const command = new dist_cjs/* PublishLayerVersionCommand */.cl_({
        LayerName: layerName,
        Content: { ZipFile: filler.zip },
        Description: FILLER_DESCRIPTION
    });
    let version;
    let cancelled = false;
    try {
        version = await (0,publish_retry/* publishWithRetry */.M4)(async () => (0,layer_version/* toLayerVersion */.d)(await retry.once.send(command, { abortSignal: retry.signal }), 'PublishLayerVersion'), () => (0,ownership/* sameContentSince */.Cv)(deps.lambda, layerName, filler.sha256, retry.baseline), { ...retry, codeSha256: filler.sha256 });
    }
    catch (err) {
        if (!(err instanceof publish_retry/* PublishCancelledError */.PG))
            throw err;
        if (!err.version) {
            deps.track?.(undefined);
            throw new errors/* CancelledError */.cc('Aligning version numbers');
        }
        version = err.version;
        cancelled = true;
    }
    deps.track?.(version.layerVersionArn);
    await deleteFiller(deps.lambda, version);
    deps.track?.(undefined);
    if (cancelled)
        throw new errors/* CancelledError */.cc('Aligning version numbers', `deleted the filler version ${version.layerVersionArn}`);
    return version.version;
}
/** Deletes a filler version; no abort signal: it is clean-up. Throws LeftBehindError naming it
 * when the delete fails after the SDK's retries. */
async function deleteFiller(lambda, version) {
    try {
        await lambda.send(new dist_cjs/* DeleteLayerVersionCommand */.KnR({ LayerName: version.layerArn, VersionNumber: version.version }));
    }
    catch (err) {
        throw new answers/* LeftBehindError */._V(`Deleting the filler version ${version.layerVersionArn} failed (${(0,errors/* describeError */.Uc)(err)})`, 'Delete it by hand: it is a placeholder that nobody should use', [version.layerVersionArn], { cause: err });
    }
}
/**
 * After a failure or a cancel: deletes every live filler of this run in the region, that is every
 * version newer than `baseline` with the filler's CodeSha256, so that none stays live. Returns
 * what it deleted and what it could not settle; never throws.
 */
async function sweepFillers(lambda, layerName, filler, baseline) {
    let found;
    try {
        found = await (0,ownership/* sameContentSince */.Cv)(lambda, layerName, filler.sha256, baseline);
    }
    catch (err) {
        return {
            deleted: [],
            left: [`a filler version newer than ${baseline} with CodeSha256 ${filler.sha256}, if any (${(0,errors/* describeError */.Uc)(err)})`]
        };
    }
    const sweep = { deleted: [], left: [] };
    for (const version of found) {
        await deleteFiller(lambda, version).then(() => sweep.deleted.push(version.layerVersionArn), () => sweep.left.push(version.layerVersionArn));
    }
    return sweep;
}

// EXTERNAL MODULE: ./src/share/withdraw.ts
var withdraw = __webpack_require__(8345);
// EXTERNAL MODULE: ./src/regions/fan-out.ts + 1 modules
var fan_out = __webpack_require__(2056);
// EXTERNAL MODULE: ./src/regions/region.ts + 14 modules
var regions_region = __webpack_require__(6399);
;// CONCATENATED MODULE: ./src/regions/alignment-lines.ts
// What align-versions says, as text: the lines of the regions' logs and the errors that end the
// alignment. Pure, so each is tested apart from the AWS calls (aligned.ts makes them).

/** "its next version is at least 4" (from the list) or "its next version is 4" (proven); `noun` names the number. */
function nextOf(lane, noun = 'version') {
    return `its next ${noun} is ${lane.exact ? '' : 'at least '}${lane.next}`;
}
/** The publish stage's progress line under align-versions. Never throws. */
function alignDoing(skipUnchanged) {
    const compare = skipUnchanged ? ' and comparing with the newest version (skip-unchanged)' : '';
    return `finding the next version number (align-versions)${compare}`;
}
/** skip-unchanged's verdict in one region, once every region's is known: a region reuses only
 * when all of them can (`allReuse`) at one number (not `apart`). Never throws. */
function reuseLine(reuse, allReuse, apart = false) {
    if (allReuse && reuse.same)
        return `skip-unchanged: reusing ${reuse.version.layerVersionArn} (${reuse.reason})`;
    if (reuse.same && apart)
        return `skip-unchanged: publishing although ${reuse.reason}: the regions hold this content at different version numbers, and align-versions gives the version one number everywhere`;
    if (reuse.same)
        return `skip-unchanged: publishing although ${reuse.reason}: another region changed, and align-versions publishes everywhere`;
    return `skip-unchanged: publishing (${reuse.reason})`;
}
/** When the versions the regions would reuse have different numbers: the line saying every
 * region publishes again, aligned; else undefined. Never throws. */
function numbersApart(regions) {
    const numbers = regions.map(({ region, reuse }) => `${reuse?.same ? reuse.version.version : '-'} in ${region}`);
    if (new Set(regions.map((r) => (r.reuse?.same ? r.reuse.version.version : 0))).size <= 1)
        return undefined;
    return `align-versions: every region holds this content already, but at different version numbers (${numbers.join(', ')}): publishing it again in every region, at one number`;
}
/** The debug line of a lagging region's decision: how many fillers it needs to reach `target`. */
function fillerNeed(lane, target) {
    return `align-versions: needs ${target - lane.next} filler version(s) to reach version ${target} (${nextOf(lane)})`;
}
/** The debug line of a region about to publish the real version. */
function realPublishDecision(lane) {
    if (lane.exact)
        return `align-versions: publishing at version ${lane.next}, the common number`;
    return `align-versions: publishing; the list shows only that the next number is at least ${lane.next}, the publish shows it`;
}
/**
 * The refusal when regions would need more than `max` fillers to reach `target`: `over` names
 * them, with the numbers each has spent already (fillers, and real versions withdrawn); `shown`
 * names the regions whose real version showed `target` (their newest versions had been deleted,
 * which no list shows), deleted again by the caller. Never throws.
 */
function tooManyFillers(over, { target, shown }, max) {
    const named = over.map((l) => {
        const made = l.spent > 0 ? `, after ${l.spent} already` : '';
        return `${l.region} would need ${target - l.next} filler versions${made} (${nextOf(l, 'version number')})`;
    });
    const how = shown.length > 0
        ? ` (the real version published in ${shown.join(', ')} got ${target}: newest versions deleted there had hidden that number from the list)`
        : '';
    return new errors/* ActionError */.lZ(`align-versions: the common version number would be ${target}${how}, but ${named.join('; ')}: more than ${max}, so no region keeps a version of this run`, 'Lambda never reuses a version number, so a lagging region catches up only by publishing versions: leave that region out of regions, or run without align-versions');
}
/** The line after a round of fillers: `round` in this round, `total` in the region so far (the
 * same in a first round), and the region's next version number. Never throws. */
function fillersDone(round, total, next) {
    const so = total > round ? ` (${total} in this region so far)` : '';
    return `${round} filler version(s) published and deleted${so}; the next version is ${next}`;
}
/** A region whose real version stayed below the others' `target` after `retries` rounds of
 * publishing again where a real version landed low; `withdrawn` of them were this region's. */
function misaligned(lane, target, retries) {
    const { region, version, withdrawn } = lane;
    const here = `${withdrawn} ${withdrawn === 1 ? 'time' : 'times'} in ${region}`;
    return new errors/* ActionError */.lZ(`align-versions: ${region} got version ${version?.version} while the other regions have ${target}, after ${retries} rounds of publishing again where a real version landed low (${here}): another run or person is publishing versions of this layer there at the same time`, 'Give the workflow a concurrency group for this layer, then re-run');
}

// EXTERNAL MODULE: ./src/regions/cancellation.ts
var cancellation = __webpack_require__(6322);
;// CONCATENATED MODULE: ./src/regions/aligned.ts
// align-versions: the new version gets the same number in every region. Lambda numbers versions
// per region and never reuses a number (lambda-layers.md); no API returns the counter, and
// ListLayerVersions leaves deleted versions out, so only a publish shows the next number.
// Regions that lag by their lists publish fillers (publish/filler.ts; each shows the exact
// number and is deleted at once) up to the highest number; the leaders publish the real version
// first, which costs no number when their lists tell the truth and shows it when a newest
// version was deleted. A real version left below the rest (two leaders, a concurrent publisher)
// is withdrawn, never shared yet, and published again higher, at most MAX_RETRIES times. Then
// each region goes on as without alignment (region.ts), logging in its own log.








 // the words of the log and errors, pure

/** Filler versions one region may publish in a run (the first, which shows the number, and real
 * versions withdrawn to catch up included): above this the run refuses, since each is a publish
 * and a delete at Lambda's paced rate. */
const MAX_FILLERS = 100;
/** Times real versions are withdrawn to publish again higher before a region that still cannot
 * get the common number (another publisher keeps taking numbers there) fails. */
const MAX_RETRIES = 3;
/**
 * publish mode with align-versions and several regions. Returns one result per region, in the
 * order of settings.regions; never throws: a region's error becomes its RegionFailure. With
 * skip-unchanged, every region reuses when every region can; otherwise every region publishes.
 */
async function publishAligned(ctx, archive, logs) {
    const alignment = new Alignment(ctx, archive, logs);
    await alignment.prepare();
    if (!alignment.allReuse())
        await alignment.align();
    return (0,fan_out/* acrossRegions */.fn)(ctx.settings.regions, (region) => alignment.finish(region), logs.ended);
}
class Alignment {
    ctx;
    archive;
    logs;
    lanes = [];
    failures = new Map();
    run = (0,limiter/* limiter */.T)(fan_out/* REGION_CONCURRENCY */.Lr);
    filler = makeFiller();
    constructor(ctx, archive, logs) {
        this.ctx = ctx;
        this.archive = archive;
        this.logs = logs;
    }
    /** The context of `region`: the shared one with the region's own log. */
    at(region) {
        return { ...this.ctx, ...this.logs.region(region) };
    }
    /** Every region's baseline and skip-unchanged verdict, in its publish stage; a region that fails here is out. */
    async prepare() {
        const doing = alignDoing(this.ctx.settings.skipUnchanged);
        const prepareIn = (region) => {
            const ctx = this.at(region);
            ctx.stage('publish', doing);
            return (0,regions_region/* prepareRegion */.m_)(ctx, (0,local_zip/* builtContent */.Cy)(this.archive), region);
        };
        const prepared = await Promise.all(this.ctx.settings.regions.map((region) => this.run(() => prepareIn(region)).catch((err) => void this.failures.set(region, err))));
        for (const p of prepared)
            if (p)
                this.lanes.push({ region: p.region, prepared: p, next: p.baseline + 1, exact: false, fillers: 0, filling: false, withdrawn: 0 });
    }
    /** With skip-unchanged: true when every region left can reuse its newest version and those
     * versions have one number (then nothing is published); otherwise every region publishes,
     * aligned, the unchanged ones too: the outputs name one number for every region. */
    allReuse() {
        const same = this.lanes.length > 0 && this.lanes.every((l) => l.prepared.reuse?.same);
        const apart = same && numbersApart(this.lanes.map((l) => l.prepared));
        if (apart)
            this.logs.log(apart);
        for (const { region, prepared } of this.lanes)
            if (prepared.reuse)
                this.logs.region(region).log(reuseLine(prepared.reuse, same && !apart, !!apart));
        return same && !apart;
    }
    /** Publishes the real version in every lane at one number, fillers first where needed. The
     * lanes whose next number is only a lower bound publish first: where a newest version was
     * deleted, theirs lands higher, and the others then catch up with fillers instead of deleting
     * a real version. */
    async align() {
        this.logs.log(`align-versions: the next version numbers are at least ${this.lanes.map((l) => `${l.next} in ${l.region}`).join(', ')}`);
        for (let withdrawals = 0;;) {
            if ((await this.fill(this.highest())) === undefined || (await this.stopped()))
                return;
            const waiting = this.lanes.filter((l) => !l.version);
            const unproven = waiting.filter((l) => !l.exact);
            const first = unproven.length > 0 ? unproven : waiting;
            if (unproven.length > 0 && unproven.length < waiting.length)
                this.logs.debug(`align-versions: ${first.map((l) => l.region).join(', ')} publish first: their next numbers are known only from their lists (a deleted newest version would show now, sparing the others' real versions)`);
            await this.each(first, 'real', (l) => this.publishReal(l));
            if (await this.stopped())
                return;
            const top = this.highest();
            const behind = this.lanes.filter((l) => l.version && l.version.version < top);
            if (behind.length > 0 && ++withdrawals > MAX_RETRIES)
                return this.failEach(behind, 'real', (l) => misaligned(l, top, MAX_RETRIES));
            if (behind.length > 0)
                await this.each(behind, 'real', (l) => this.withdrawReal(l, top));
            else if (this.lanes.every((l) => l.version))
                return this.done(top);
        }
    }
    done(top) {
        if (this.lanes.length > 0)
            this.logs.log(`align-versions: version ${top} in ${this.lanes.map((l) => l.region).join(', ')}`);
    }
    /** The region's result: completeRegion with the version it settled on. Throws the region's failure. */
    async finish(region) {
        if (this.failures.has(region))
            throw this.failures.get(region);
        const lane = this.lanes.find((l) => l.region === region);
        const reuse = lane?.prepared.reuse;
        const ctx = this.at(region);
        if (lane?.version)
            return (0,regions_region/* completeRegion */.c8)(ctx, lane.prepared, { version: lane.version, owned: true, fillers: lane.fillers, withdrawn: lane.withdrawn });
        if (lane && reuse?.same)
            return (0,regions_region/* completeRegion */.c8)(ctx, lane.prepared, { version: reuse.version, owned: false });
        throw new errors/* ActionError */.lZ(`align-versions: ${region} ended without a version (a defect of the action: please report it)`);
    }
    /** The number the real versions get: the highest real version, or next number, of any lane (0 for none). */
    highest() {
        return Math.max(0, ...this.lanes.map((l) => l.version?.version ?? l.next));
    }
    /** Fills every lane up to `target`, raising it when a filler shows a region further on, until no
     * lane lags. Returns the number reached; undefined when the run refused (too many fillers). */
    async fill(target) {
        for (;;) {
            // Numbers spent so far count too: fillers, and real versions withdrawn.
            const over = this.lanes.filter((l) => !l.version && l.fillers + l.withdrawn + target - l.next > MAX_FILLERS);
            if (over.length > 0)
                return void (await this.refuse(over, target));
            const behind = this.lanes.filter((l) => !l.version && l.next < target);
            if (behind.length === 0)
                return target;
            for (const l of behind)
                this.logs.region(l.region).debug(fillerNeed(l, target));
            this.logs.log(`align-versions: filling ${behind.map((l) => `${l.region} (${target - l.next})`).join(', ')} up to version ${target}`);
            await this.each(behind, 'fill', (l) => this.fillLane(l, target));
            target = Math.max(target, this.highest());
        }
    }
    async fillLane(lane, target) {
        const ctx = this.at(lane.region);
        const clients = ctx.clients(lane.region);
        const progress = ctx.progress(lane.region);
        const before = lane.fillers;
        while (lane.next < target) {
            const retry = {
                once: clients.lambdaOnce,
                maxAttempts: ctx.settings.maxAttempts,
                baseline: lane.next - 1,
                signal: ctx.signal,
                log: ctx.log,
                lateLandingMs: cancellation/* LATE_LANDING_MS */.eH
            };
            const track = (live) => void (progress.filler = live);
            lane.filling = true;
            const n = await publishFiller(ctx.settings.layerName, this.filler, { lambda: clients.lambda, retry, track });
            Object.assign(lane, { next: n + 1, exact: true, fillers: lane.fillers + 1 });
            ctx.debug(`Filler version ${n} published and deleted (${lane.fillers} so far)`);
        }
        if (lane.fillers > before)
            ctx.log(fillersDone(lane.fillers - before, lane.fillers, lane.next));
    }
    async publishReal(lane) {
        if (this.ctx.signal?.aborted)
            throw new errors/* CancelledError */.cc('Publishing');
        const ctx = this.at(lane.region);
        ctx.debug(realPublishDecision(lane));
        lane.version = await (0,regions_region/* publishNew */.Uo)(ctx, this.archive, lane.region);
        Object.assign(this.ctx.progress(lane.region), { version: lane.version, owned: true });
    }
    /** A real version below `target`: deleted (it was never shared) so the region can catch up;
     * its number counts as a filler. Throws LeftBehindError when it cannot be deleted. */
    async withdrawReal(lane, target) {
        const version = lane.version;
        this.logs
            .region(lane.region)
            .log(`Got version ${version.version}, below ${target} elsewhere; deleting it (not shared yet) to publish again`);
        await this.withdraw(lane);
        Object.assign(lane, { next: version.version + 1, exact: true, withdrawn: lane.withdrawn + 1 });
    }
    /** Deletes the lane's real version; throws LeftBehindError when the delete fails. */
    async withdraw(lane) {
        const version = lane.version;
        const withdrawal = await (0,withdraw/* withdrawVersion */.v)(this.ctx.clients(lane.region).lambda, version);
        if (withdrawal.state === 'failed')
            throw new answers/* LeftBehindError */._V(withdrawal.text, undefined, [version.layerVersionArn]);
        lane.version = undefined;
        Object.assign(this.ctx.progress(lane.region), { version: undefined, owned: undefined });
        if (withdrawal.state === 'deleted' && this.ctx.signal?.aborted)
            this.ctx.progress(lane.region).undone.push(`deleted ${version.layerVersionArn}, which was not shared`);
        // Alignment comes before sharing: a real version withdrawn here was never shared.
        return withdrawal.state === 'deleted'
            ? `Deleted ${version.layerVersionArn}, which this run had published and not shared yet.`
            : withdrawal.text;
    }
    /** Runs `work` on each lane, at most REGION_CONCURRENCY at once; a lane whose work fails is out. */
    async each(lanes, phase, work) {
        await Promise.all(lanes.map((l) => this.run(() => work(l)).catch((err) => this.fail(l, phase, err))));
    }
    async failEach(lanes, phase, error) {
        await Promise.all(lanes.map((l) => this.fail(l, phase, error(l))));
    }
    /** Every lane fails, naming the regions in `over`, which would need more than MAX_FILLERS fillers. */
    async refuse(over, target) {
        const shown = this.lanes.filter((l) => l.version?.version === target).map((l) => l.region);
        const refusal = tooManyFillers(over.map((l) => ({ ...l, spent: l.fillers + l.withdrawn })), { target, shown }, MAX_FILLERS);
        await this.failEach(this.lanes, 'real', () => refusal);
    }
    /** True, after failing every lane left, once the run is cancelled. */
    async stopped() {
        if (!this.ctx.signal?.aborted)
            return false;
        await this.failEach(this.lanes, 'real', () => new errors/* CancelledError */.cc('Aligning version numbers'));
        return true;
    }
    /** Takes the lane out, then settles what it leaves: its real version is deleted (never shared),
     * and so is any filler of this run still live (a lost answer, a failed delete). */
    async fail(lane, phase, err) {
        this.lanes = this.lanes.filter((l) => l !== lane);
        const lambda = this.ctx.clients(lane.region).lambda;
        const progress = this.ctx.progress(lane.region);
        if (err instanceof errors/* CancelledError */.cc && err.undone)
            progress.undone.push(err.undone);
        // A filler's own failure is settled by the sweep below, except one a cancel cut off in flight,
        // which may land after the sweep has looked.
        const named = phase === 'real' || this.ctx.signal?.aborted;
        const left = new Set(named && err instanceof answers/* LeftBehindError */._V ? err.leftBehind : []);
        const done = [];
        if (lane.version) {
            const arn = lane.version.layerVersionArn;
            await this.withdraw(lane).then((text) => done.push(text), () => left.add(arn));
        }
        const sweep = lane.filling
            ? await sweepFillers(lambda, this.ctx.settings.layerName, this.filler, lane.prepared.baseline)
            : { deleted: [], left: [] };
        progress.filler = sweep.left.length > 0 ? sweep.left.join(', ') : undefined;
        if (this.ctx.signal?.aborted)
            progress.undone.push(...sweep.deleted.map((a) => `deleted the filler version ${a}`));
        done.push(...sweep.deleted.map((a) => `Deleted the filler version ${a}.`));
        for (const l of sweep.left)
            left.add(l);
        const asIs = done.length === 0 && left.size === 0 && !(err instanceof answers/* LeftBehindError */._V);
        // A filler's failure that the sweep settled: its fix (delete it by hand) no longer applies.
        const what = phase === 'fill' && err instanceof answers/* LeftBehindError */._V && left.size === 0 ? err.message : (0,errors/* describeError */.Uc)(err);
        const error = asIs
            ? err
            : new answers/* LeftBehindError */._V(`${what}. ${done.join(' ')}`.replace(/\.\. /, '. ').trim(), undefined, [...left], { cause: err });
        this.failures.set(lane.region, error);
    }
}


/***/ })

};
