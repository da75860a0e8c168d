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

;// CONCATENATED MODULE: ./src/archive/zip/deflate.ts
// Reads, measures and deflates files: the work of the deflate worker threads, and of the main
// thread for tiny layers. Node built-ins only, so the worker bundle stays small. Every job is
// synchronous (no per-call thread hops), and its output depends only on the bytes read, never
// on which thread did the work.




/** Deflate level 6, as Info-ZIP's default: the size users expect. memLevel 9 (zlib's largest
 * buffers) measured 5% faster than the default 8 here, for the same size. */
const DEFLATE = { level: 6, memLevel: 9 };
/** The role in the workerData of the workers the pool starts; a thread started with anything
 * else is not ours to serve. */
const WORKER_ROLE = 'publish-lambda-layer:deflate';
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
function wholeFile(fd, job) {
    // One byte more than planned: a file that grew shows without an fstat per file.
    const read = readFully(fd, scratchOf(job.length + 1), 0);
    const fileSize = read.length > job.length ? (0,external_node_fs_namespaceObject.fstatSync)(fd).size : read.length;
    const raw = read.subarray(0, job.length);
    const deflated = external_node_zlib_namespaceObject.deflateRawSync(raw, DEFLATE);
    const shrunk = deflated.length < raw.length;
    const sha256 = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(raw).digest('hex');
    // Copied to its exact size: zlib's buffers die young here, and only the data crosses over.
    return { kind: 'whole', data: copyOf(shrunk ? deflated : raw), deflated: shrunk, crc: crc32(raw), size: raw.length, sha256, fileSize };
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
    const sha = (0,external_node_crypto_namespaceObject.createHash)('sha256');
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
 * plan saw: same inode, device and size. Returns the descriptor.
 */
function openPlanned(job) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(job.path, external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOFOLLOW | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    }
    catch (err) {
        if (err.code === 'ELOOP')
            throw notPlanned('it is now a symbolic link');
        throw err;
    }
    const differs = difference((0,external_node_fs_namespaceObject.fstatSync)(fd), job.planned);
    if (differs) {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
        throw notPlanned(differs);
    }
    return fd;
}
/**
 * Runs one job on this thread. Returns what it read and made; a file that shrank or grew while
 * read shows in the sizes, which the writer checks. Throws an Error with code NOT_PLANNED when the
 * path no longer leads to the planned file (a symlink, FIFO or other file put in its place, or
 * another size), and the fs error (ENOENT, EACCES...) when it cannot be opened or read.
 */
function deflateJob(job) {
    const fd = openPlanned(job);
    try {
        if (job.kind === 'whole')
            return wholeFile(fd, job);
        return job.kind === 'block' ? block(fd, job) : hashFile(fd, job);
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/archive/zip/deflate-worker.ts
// Entry of the deflate worker threads: its own bundle (dist/deflate-worker/index.js), so it
// holds only the deflate jobs, not the action. It serves batches of jobs from the pool, and
// stops when the pool says so on its control port: between two jobs, never inside a zlib call
// (terminating a thread inside one can abort the whole process in Node's zlib clean-up).


/** A job's output buffer, moved to the main thread instead of copied. */
function transferable(r) {
    const data = r.kind === 'whole' ? r.data : r.kind === 'block' ? r.deflated : undefined;
    return data ? [data.buffer] : [];
}
function failure(err) {
    const e = err;
    return { error: { message: String(e?.message ?? err), code: e?.code } };
}
/** A batch of jobs in, their results out, in order; a failed job does not stop the others. A stop
 * message on `control` is read between jobs: the batch is left unanswered (the pool has given up
 * on it) and the thread ends once both ports close. */
function serve(port, control) {
    let stopped = false;
    const stop = () => {
        stopped = true;
        port.close();
        control.close();
    };
    control.on('message', stop);
    port.on('message', (batch) => {
        const results = [];
        const transfer = [];
        for (const job of batch.jobs) {
            if (stopped || (0,external_node_worker_threads_namespaceObject.receiveMessageOnPort)(control))
                return stop();
            try {
                const result = deflateJob(job);
                results.push(result);
                transfer.push(...transferable(result));
            }
            catch (err) {
                results.push(failure(err));
            }
        }
        port.postMessage({ id: batch.id, results }, transfer);
    });
}
const data = external_node_worker_threads_namespaceObject.workerData;
if (external_node_worker_threads_namespaceObject.parentPort && data?.role === WORKER_ROLE)
    serve(external_node_worker_threads_namespaceObject.parentPort, data.control);

