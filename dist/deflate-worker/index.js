import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/archive/zip/crc32.ts
// CRC-32 as zip entries carry it (APPNOTE.TXT 4.4.7), shared by the writer, the deflate worker
// and the reader of given zips.

let table;
/**
 * Byte-at-a-time CRC-32 of `data`, continuing from `value`; returns an unsigned 32-bit number.
 * Stands in where zlib.crc32 is missing (Node releases before 20.15 and 22.2). Never throws.
 */
function tableCrc32(data, value = 0) {
    table ??= Uint32Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    let c = ~value >>> 0;
    for (const byte of data)
        c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
/** CRC-32 of `data`, continuing from `value`; an unsigned 32-bit number. Never throws. */
const crc32 = external_node_zlib_namespaceObject.crc32 ?? tableCrc32;

;// CONCATENATED MODULE: ./src/archive/zip/planned-file.ts
// The file a job reads must be the file the plan saw: a path swapped after planning (for a
// symlink to a same-size file elsewhere, a FIFO, another file) is noticed when it is opened, not
// read. Shared by every kind of job.

/** Code of the error a job throws when its path no longer leads to the planned file. */
const NOT_PLANNED = 'ENOTPLANNED';
function notPlanned(what) {
    return Object.assign(new Error(what), { code: NOT_PLANNED });
}
function kindName(stats) {
    if (stats.isDirectory())
        return 'a folder';
    if (stats.isFIFO())
        return 'a FIFO';
    if (stats.isSocket())
        return 'a socket';
    return 'a device';
}
/** What makes the open file not the planned one, or undefined when it is that file. */
function difference(stats, planned) {
    if (!stats.isFile())
        return `it is now ${kindName(stats)}`;
    if (stats.ino !== planned.ino || stats.dev !== planned.dev)
        return 'it is now another file (another inode)';
    if (stats.size !== planned.size)
        return `${planned.size} bytes planned, ${stats.size} now`;
    return undefined;
}
/**
 * Opens the planned file without following a symlink and without blocking (a FIFO put in its
 * place would otherwise hang the read), then proves with fstat that it is the regular file the
 * plan saw: same inode, device and size. Returns the open descriptor. Throws an Error with code
 * NOT_PLANNED when it is not that file any more, and the fs error (ENOENT, EACCES...) as is.
 */
function openPlanned(path, planned) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(path, external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOFOLLOW | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    }
    catch (err) {
        if (err.code === 'ELOOP')
            throw notPlanned('it is now a symbolic link');
        throw err;
    }
    const differs = difference((0,external_node_fs_namespaceObject.fstatSync)(fd), planned);
    if (differs) {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
        throw notPlanned(differs);
    }
    return fd;
}

;// CONCATENATED MODULE: ./src/archive/zip/deflate.ts
// Reads, measures and deflates files: the work of the deflate worker threads, and of the main
// thread for tiny layers. Node built-ins only, so the worker bundle stays small. Every job is
// synchronous (no per-call thread hops), and its output depends only on the bytes read, never
// on which thread did the work.






/** Level 6, Info-ZIP's default: the size users expect; memLevel 9 measured 5% faster on large files. */
const DEFLATE = { level: 6, memLevel: 9 };
/** Windows of 512 bytes to 16 KiB (windowBits 9 to 14), with output room for the whole file;
 * zlib reaches back at most 2^windowBits - 262 bytes (MAX_DIST in deflate.c). */
const SMALL_WINDOWS = [9, 10, 11, 12, 13, 14].map((windowBits) => ({
    level: 6,
    memLevel: 8,
    windowBits,
    chunkSize: Math.max(4096, 1 << windowBits)
}));
/**
 * zlib's options for a whole file of `size` bytes: level 6 with the smallest window that still
 * reaches back over the whole file, so no match is lost, and memLevel 8. Setting up and clearing
 * zlib's full 32 KiB window and 128 KiB hash table is most of the cost of a small file: callgrind
 * counted about half the instructions per file of a node_modules (20-400 bytes); the bench's zips
 * stay within a byte of the size. Larger files get DEFLATE. Depends on the size only: a file
 * always deflates the same.
 */
function wholeFileOptions(size) {
    return SMALL_WINDOWS.find((options) => size <= (1 << options.windowBits) - 262) ?? DEFLATE;
}
/** The role in the workerData of the workers the pool starts; a thread started with anything
 * else is not ours to serve. */
const WORKER_ROLE = 'publish-lambda-layer:deflate';
/** A CRC job reads files in blocks of this many bytes. */
const CRC_BLOCK_BYTES = 1024 * 1024;
/** Deflate's window, in bytes: each block after the first uses this much of the data before it. */
const DICTIONARY_BYTES = 32 * 1024;
/** Read buffer reused by every job: read bytes never leave this thread. */
let scratch = Buffer.alloc(0);
function scratchOf(size) {
    if (scratch.length < size)
        scratch = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
    return scratch.subarray(0, size);
}
function readFully(fd, into, position) {
    let got = 0;
    while (got < into.length) {
        const n = (0,external_node_fs_namespaceObject.readSync)(fd, into, got, into.length - got, position + got);
        if (n === 0)
            break;
        got += n;
    }
    return into.subarray(0, got);
}
/** zlib's output buffer size: room for the whole output, and never Node's pool size (below). */
const chunkSizeFor = (n) => Math.max(4096, n + (n >> 8) + 64);
function copyOf(bytes) {
    const out = Buffer.allocUnsafeSlow(bytes.length);
    bytes.copy(out);
    return out;
}
/**
 * A buffer alone in its memory, so it can be transferred to the main thread without dragging
 * along Node's shared small-buffer pool. With one output chunk, zlib returns a view from 0 of a
 * buffer it allocated unpooled (chunkSizeFor is above the pool threshold); that memory then
 * moves to the main thread instead of piling up here until this thread's next GC.
 */
function owned(bytes, chunkSize) {
    const alone = bytes.byteOffset === 0 && (bytes.buffer.byteLength === chunkSize || bytes.buffer.byteLength === bytes.length);
    return alone && bytes.buffer.byteLength !== Buffer.poolSize ? bytes : copyOf(bytes);
}
/** A block's deflate output, handed over without a copy (a large file's blocks would otherwise
 * leave a megabyte of garbage here per block). */
function deflateBlock(raw, dictionary, last) {
    const chunkSize = chunkSizeFor(raw.length);
    const finishFlush = last ? external_node_zlib_namespaceObject.constants.Z_FINISH : external_node_zlib_namespaceObject.constants.Z_SYNC_FLUSH;
    const options = { ...DEFLATE, finishFlush, chunkSize, ...(dictionary.length > 0 ? { dictionary } : {}) };
    return owned(external_node_zlib_namespaceObject.deflateRawSync(raw, options), chunkSize);
}
/** SHA-256 in one call where Node has it (20.12+, 21.7+): no Hash object per small file. */
const oneShot = external_node_crypto_namespaceObject.hash;
const sha256Hex = (data) => oneShot ? oneShot('sha256', data, 'hex') : external_node_crypto_namespaceObject.createHash('sha256').update(data).digest('hex');
/** Up to `length` bytes from the start, in one read call for a small file (a file that shrank
 * reads fewer bytes; one that grew showed in openPlanned's fstat), into the scratch buffer. */
function readPlanned(fd, length) {
    return readFully(fd, scratchOf(length), 0);
}
function wholeFile(fd, job) {
    const raw = readPlanned(fd, job.length);
    const fileSize = job.planned.size;
    const deflated = external_node_zlib_namespaceObject.deflateRawSync(raw, wholeFileOptions(raw.length));
    const shrunk = deflated.length < raw.length;
    // Not copied: the caller copies the data where it goes next (ownedResult, the worker's batch).
    return {
        kind: 'whole',
        data: shrunk ? deflated : raw,
        deflated: shrunk,
        crc: crc32(raw),
        size: raw.length,
        sha256: sha256Hex(raw),
        fileSize
    };
}
/** A file's CRC, read in blocks of at most CRC_BLOCK_BYTES. */
function crcFile(fd, job) {
    if (job.length <= CRC_BLOCK_BYTES) {
        const raw = readPlanned(fd, job.length);
        return { kind: 'crc', crc: crc32(raw), size: raw.length, fileSize: job.planned.size };
    }
    let crc = 0;
    let size = 0;
    for (let offset = 0; offset < job.length; offset += CRC_BLOCK_BYTES) {
        const raw = readFully(fd, scratchOf(Math.min(CRC_BLOCK_BYTES, job.length - offset)), offset);
        crc = crc32(raw, crc);
        size += raw.length;
        if (raw.length === 0)
            break;
    }
    return { kind: 'crc', crc, size, fileSize: (0,external_node_fs_namespaceObject.fstatSync)(fd).size };
}
/** A result whose data the caller may keep: a whole file's data copied out of memory the next
 * job reuses, to its exact size. Never throws. */
function ownedResult(r) {
    return r.kind === 'whole' ? { ...r, data: copyOf(r.data) } : r;
}
function block(fd, job) {
    const bytes = readFully(fd, scratchOf(job.dictionary + job.length), job.offset - job.dictionary);
    const fileSize = job.last ? (0,external_node_fs_namespaceObject.fstatSync)(fd).size : -1;
    const dictionary = bytes.subarray(0, Math.min(bytes.length, job.dictionary));
    const raw = bytes.subarray(dictionary.length);
    const deflated = deflateBlock(raw, dictionary, job.last);
    return { kind: 'block', deflated, size: raw.length, crc: crc32(raw), dictionaryCrc: crc32(dictionary), fileSize };
}
function hashFile(fd, job) {
    const sha = external_node_crypto_namespaceObject.createHash('sha256');
    const result = { kind: 'hash', crc: 0, sha256: '', size: 0, blockCrcs: [], tailCrcs: [], fileSize: 0 };
    for (let offset = 0; offset < job.length; offset += job.blockBytes) {
        const raw = readFully(fd, scratchOf(Math.min(job.blockBytes, job.length - offset)), offset);
        sha.update(raw);
        result.crc = crc32(raw, result.crc);
        result.size += raw.length;
        result.blockCrcs.push(crc32(raw));
        result.tailCrcs.push(crc32(raw.subarray(Math.max(0, raw.length - DICTIONARY_BYTES))));
        if (raw.length === 0)
            break;
    }
    return { ...result, sha256: sha.digest('hex'), fileSize: (0,external_node_fs_namespaceObject.fstatSync)(fd).size };
}
/**
 * Runs one job on this thread. Returns what it read and made (a whole file's data valid until the
 * next job: see ownedResult); a file that shrank or grew while
 * read shows in the sizes, which the writer checks. Throws an Error with code NOT_PLANNED when the
 * path no longer leads to the planned file (a symlink, FIFO or other file put in its place, or
 * another size), and the fs error (ENOENT, EACCES...) when it cannot be opened or read.
 */
function deflateJob(job) {
    const fd = openPlanned(job.path, job.planned);
    try {
        if (job.kind === 'whole')
            return wholeFile(fd, job);
        if (job.kind === 'crc')
            return crcFile(fd, job);
        return job.kind === 'block' ? block(fd, job) : hashFile(fd, job);
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/archive/zip/wire.ts
/** Numbers per job: kind, crc, size, fileSize, deflated, data offset, data length. */
const ROW = 7;
const KIND = { other: 0, whole: 1, crc: 2 };
/** Bytes of a hex SHA-256 after a whole file's data. */
const HEX_BYTES = 64;
/** Numbers per file of a FilesJob: size (bytes), inode, device. */
const FILE_NUMBERS = 3;
/** The FilesJob reading `files` (each a path and the planned file there). Never throws. */
function filesJob(read, files) {
    const numbers = new Float64Array(files.length * FILE_NUMBERS);
    let length = 0;
    files.forEach((f, i) => {
        numbers[i * FILE_NUMBERS] = f.size;
        numbers[i * FILE_NUMBERS + 1] = f.ino;
        numbers[i * FILE_NUMBERS + 2] = f.dev;
        length += f.size;
    });
    return { kind: 'files', read, paths: files.map((f) => f.path).join('\0'), numbers, length };
}
/** The jobs of a FilesJob, one per file, as the thread that runs it makes them. Never throws. */
function jobsOfFiles(job) {
    return job.paths.split('\0').map((path, i) => {
        const [size, ino, dev] = job.numbers.subarray(i * FILE_NUMBERS, i * FILE_NUMBERS + FILE_NUMBERS);
        return { kind: job.read, path, length: size, planned: { size, ino, dev } };
    });
}
/** An Error like the fs one the worker caught, so callers can tell ENOENT from EACCES. Never throws. */
function jobError(failure) {
    const { message, code } = failure.error;
    return Object.assign(new Error(message), code ? { code } : {});
}
/** Bytes the pack of a batch needs at most: a whole file's data is never larger than the bytes
 * its job reads (it is stored when deflate does not shrink it), plus its hex SHA-256. */
function packBytes(jobs) {
    return jobs.reduce((sum, job) => (job.kind === 'whole' ? sum + job.length + HEX_BYTES : sum), 0);
}
/** A batch's answer as the worker fills it in, job by job. */
class AnswerBuilder {
    rows;
    pack;
    used = 0;
    others = {};
    /** Buffers to move with the answer, not copy. */
    transfer;
    /** With `spares`, the rows and pack go into reused buffers (a FilesJob's answer, handed back). */
    constructor(jobs, spares) {
        const rows = jobs.length * ROW;
        const bytes = packBytes(jobs);
        this.rows = spares ? new Float64Array(spares.take(rows * 8), 0, rows) : new Float64Array(rows);
        this.pack = spares ? Buffer.from(spares.take(bytes), 0, bytes) : Buffer.allocUnsafeSlow(bytes);
        this.transfer = [this.rows.buffer, this.pack.buffer];
    }
    /** Records job `index`'s outcome; a whole file's data is copied now, before the next job reuses
     * its memory. Never throws. */
    add(index, r) {
        const at = index * ROW;
        if ('error' in r || r.kind === 'block' || r.kind === 'hash' || r.kind === 'files') {
            if (!('error' in r) && r.kind === 'block')
                this.transfer.push(r.deflated.buffer);
            if (!('error' in r) && r.kind === 'files')
                this.transfer.push(r.answer.rows.buffer, r.answer.pack);
            this.others[index] = r;
            return;
        }
        const row = this.rows;
        row[at] = r.kind === 'whole' ? KIND.whole : KIND.crc;
        row[at + 1] = r.crc;
        row[at + 2] = r.size;
        row[at + 3] = r.fileSize;
        if (r.kind !== 'whole')
            return;
        row[at + 4] = r.deflated ? 1 : 0;
        row[at + 5] = this.used;
        row[at + 6] = r.data.length;
        r.data.copy(this.pack, this.used);
        this.pack.write(r.sha256, this.used + r.data.length, HEX_BYTES, 'latin1');
        this.used += r.data.length + HEX_BYTES;
    }
    answer(id) {
        return { id, rows: this.rows, pack: this.pack.buffer, others: this.others };
    }
}
/** Views that arrive from a worker as Uint8Array; the writer wants Buffers. */
function asBuffer(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
/** The outcome of job `index` of `answer`, a whole file's data a view of the answer's pack. Never throws. */
function outcomeOf(answer, index) {
    const other = answer.others[index];
    if (other)
        return 'error' in other || other.kind !== 'block' ? other : { ...other, deflated: asBuffer(other.deflated) };
    const at = index * ROW;
    const { rows } = answer;
    const [crc, size, fileSize] = [rows[at + 1], rows[at + 2], rows[at + 3]];
    if (rows[at] === KIND.crc)
        return { kind: 'crc', crc, size, fileSize };
    const [offset, length] = [rows[at + 5], rows[at + 6]];
    const data = Buffer.from(answer.pack, offset, length);
    const sha256 = Buffer.from(answer.pack, offset + length, HEX_BYTES).toString('latin1');
    return { kind: 'whole', data, deflated: rows[at + 4] === 1, crc, size, sha256, fileSize };
}

;// CONCATENATED MODULE: ./src/archive/zip/run-job.ts
// Runs one job on the calling thread, whatever its kind: what a deflate worker does with each job
// of a message, and the main thread with each job of a tiny layer. A FilesJob's files are read one
// after another, each failure kept as that file's outcome, not the job's.


/** A job that threw, as it crosses back from a worker: the fs error's message and code. Never throws. */
function failure(err) {
    const e = err;
    return { error: { message: String(e?.message ?? err), code: e?.code } };
}
/**
 * Runs `job` here. Returns its result; a FilesJob's answer holds each file's outcome, a failure
 * included. Throws what deflateJob throws for any other job (the file is not the planned one, an
 * fs error); a whole file's data is valid until the next job (see ownedResult). A FilesJob's
 * answer goes into buffers from `spares` when given.
 */
function runJob(job, spares) {
    if (job.kind !== 'files')
        return deflateJob(job);
    const jobs = jobsOfFiles(job);
    const answer = new AnswerBuilder(jobs, spares);
    jobs.forEach((file, i) => {
        try {
            answer.add(i, deflateJob(file));
        }
        catch (err) {
            answer.add(i, failure(err));
        }
    });
    return { kind: 'files', answer: answer.answer(0) };
}

;// CONCATENATED MODULE: ./src/archive/zip/spares.ts
// The buffers a FilesJob's answer is written into, handed back by the main thread once the writer
// has copied what it needs, so a worker reuses them instead of allocating one per answer. An
// answer freed only when the main thread's garbage collector gets to it would leave the memory in
// the worker's malloc arena meanwhile: on 100,000 tiny files that arena grew by 10-15 MB per
// worker (measured with /proc/self/smaps), memory the process never gave back.
/** Buffers kept at most: a few answers' worth per worker. */
const KEEP = 8;
/** A new buffer is at least this big, so a later run of tiny files fits in it too. */
const MIN_BYTES = 64 * 1024;
/** Spare buffers of one thread. */
class Spares {
    free = [];
    /** A buffer of at least `bytes`: a spare one if any is big enough, else a new one. Never throws
     * (but for memory). */
    take(bytes) {
        const at = this.free.findIndex((b) => b.byteLength >= bytes);
        if (at >= 0)
            return this.free.splice(at, 1)[0];
        return Buffer.allocUnsafeSlow(Math.max(bytes, MIN_BYTES)).buffer;
    }
    /** Keeps `buffers` for later answers, up to KEEP; the rest are left to the garbage collector. */
    give(buffers) {
        for (const b of buffers)
            if (this.free.length < KEEP && b.byteLength > 0)
                this.free.push(b);
    }
}

;// CONCATENATED MODULE: ./src/archive/zip/deflate-worker.ts
// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).





/** A batch of jobs in, their results out, in order (wire.ts); a failed job does not stop the
 * others. FilesJob answers handed back are kept for reuse (spares.ts). A stop message on
 * `control` is read between jobs: the batch is left unanswered (the pool has given up on it)
 * and the thread ends once both ports close. */
function serve(port, control) {
    let stopped = false;
    const stop = () => {
        stopped = true;
        port.close();
        control.close();
    };
    control.on('message', stop);
    const spares = new Spares();
    port.on('message', (batch) => {
        if ('recycle' in batch)
            return spares.give(batch.recycle);
        const answer = new AnswerBuilder(batch.jobs);
        for (const [index, job] of batch.jobs.entries()) {
            if (stopped || (0,external_node_worker_threads_namespaceObject.receiveMessageOnPort)(control))
                return stop();
            try {
                answer.add(index, runJob(job, spares));
            }
            catch (err) {
                answer.add(index, failure(err));
            }
        }
        port.postMessage(answer.answer(batch.id), answer.transfer);
    });
}
const data = external_node_worker_threads_namespaceObject.workerData;
if (external_node_worker_threads_namespaceObject.parentPort && data?.role === WORKER_ROLE)
    serve(external_node_worker_threads_namespaceObject.parentPort, data.control);

