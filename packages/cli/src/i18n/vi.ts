import type { Messages } from './messages.js';

/** Tiếng Việt. */
export const vi: Messages = {
  locale: 'vi',
  help: {
    main: (version) => `dotvn ${version} — bộ công cụ cho tài nguyên Internet Việt Nam

Cách dùng: dotvn <lệnh> [tùy chọn]

Các lệnh:
  dns <tên> [kiểu]     tra cứu bản ghi DNS qua DNS-over-HTTPS, tương tự dig

Tùy chọn:
  -h, --help           hiển thị trợ giúp (dotvn <lệnh> --help cho từng lệnh)
  -v, --version        in phiên bản
  --lang vi|en         ngôn ngữ hiển thị (mặc định: theo DOTVN_LANG, LC_ALL, LC_MESSAGES, LANG)

Mã thoát và ví dụ: dotvn dns --help
`,
    dns: `Cách dùng: dotvn dns <tên> [kiểu] [tùy chọn]

Gửi một truy vấn DNS qua DNS-over-HTTPS và in câu trả lời theo kiểu dig.

Tham số:
  tên                  tên miền, dạng Unicode hoặc ASCII (tên-miền.vn được chuyển đổi bằng IDNA)
  kiểu                 kiểu bản ghi: A, AAAA, MX, TXT, NS, SOA, CAA, DS, DNSKEY, HTTPS,
                       TYPE<n> hoặc một số (mặc định: A)

Tùy chọn:
  --resolver URL       điểm cuối DoH cần hỏi; lặp lại để có dự phòng (mặc định: DOTVN_RESOLVER,
                       các URL cách nhau bằng dấu phẩy, nếu không có thì dùng mặc định của SDK)
  --post               gửi truy vấn bằng POST thay vì GET
  --http2              dùng trình khách HTTP/2 của Node, cho máy chủ chỉ hỗ trợ HTTP/2 (Unbound, BIND)
  --ca TỆP             tin cậy tổ chức cấp chứng thư PEM này (CA riêng, như CA của lab);
                       kéo theo --http2
  --dnssec             hiển thị các bản ghi DNSSEC (RRSIG, NSEC, NSEC3) và yêu cầu chúng bằng
                       bit DO (SDK bật sẵn theo mặc định); nếu không có tùy chọn này, các bản
                       ghi đó được ẩn khỏi phần hiển thị dạng văn bản
  --cd                 tắt kiểm tra: yêu cầu bộ phân giải không xác thực DNSSEC
  --timeout MS         bỏ qua một bộ phân giải sau MS mili giây (mặc định: theo SDK)
  --json               in toàn bộ câu trả lời dạng JSON (không ẩn gì)
  --lang vi|en         ngôn ngữ hiển thị (mặc định: DOTVN_LANG, LC_ALL, LC_MESSAGES, LANG;
                       vi* là tiếng Việt, còn lại là tiếng Anh)
  -h, --help           hiển thị trợ giúp này

Mã thoát:
  0    có câu trả lời NOERROR (kể cả câu trả lời rỗng: tên miền không có bản ghi kiểu đó)
  1    NXDOMAIN: tên miền không tồn tại
  2    mã phản hồi khác (SERVFAIL, REFUSED, …)
  3    không có câu trả lời: mọi bộ phân giải đều lỗi hoặc hết thời gian chờ
  64   lỗi cách dùng: tham số sai, tên miền hoặc kiểu bản ghi không hợp lệ
  70   lỗi nội bộ (lỗi phần mềm: vui lòng báo cáo)

Biến môi trường:
  DOTVN_RESOLVER       bộ phân giải mặc định, các URL cách nhau bằng dấu phẩy
  DOTVN_LANG           ngôn ngữ hiển thị
  NO_COLOR             tắt màu (màu chỉ được dùng khi xuất ra terminal)

Ví dụ:
  dotvn dns vnnic.vn
  dotvn dns tên-miền.vn AAAA --dnssec
  dotvn dns vnnic.vn MX --resolver https://dns.google/dns-query --json
  dotvn dns lab.example --http2 --ca lab-ca.pem --resolver https://127.0.0.1:8443/dns-query
`,
  },
  usage: {
    prefix: 'dotvn: ',
    seeHelp: (command) => `Chạy "${command} --help" để xem cách dùng.`,
    unknownCommand: (command) => `không có lệnh "${command}"`,
    missingCommand: 'thiếu tên lệnh',
    missingName: 'thiếu tên miền',
    tooManyArguments: (extra) => `thừa tham số: ${extra}`,
    badArguments: (detail) => `tham số không hợp lệ: ${detail}`,
    badTimeout: (value) => `--timeout cần một số mili giây dương, nhận được "${value}"`,
    badLang: (value) => `--lang cần vi hoặc en, nhận được "${value}"`,
    badResolver: (value) => `--resolver cần một URL https:// (hoặc http://), nhận được "${value}"`,
    unreadableCa: (file, detail) => `không đọc được tệp CA "${file}": ${detail}`,
    invalidInput: (detail) => `đầu vào không hợp lệ: ${detail}`,
  },
  dns: {
    header: ({ opcode, status, id }) => `;; ->>HEADER<<- opcode: ${opcode}, trạng thái: ${status}, id: ${id}`,
    flags: (flags, c) =>
      `;; cờ: ${flags}; HỎI: ${c.query}, TRẢ LỜI: ${c.answer}, THẨM QUYỀN: ${c.authority}, BỔ SUNG: ${c.additional}`,
    noFlags: '(không có)',
    edns: ({ version, flags, udp }) => `;; EDNS: phiên bản: ${version}, cờ: ${flags}; udp: ${udp}`,
    noEdns: ';; câu trả lời không có EDNS (bản ghi OPT)',
    extendedError: ({ code, purpose, text }) =>
      `;; LỖI DNS MỞ RỘNG: ${code} (${purpose})${text === '' ? '' : `: "${text}"`}`,
    padding: (length) => `;; phần đệm: ${length} byte`,
    questionSection: ';; PHẦN CÂU HỎI:',
    answerSection: ';; PHẦN TRẢ LỜI:',
    authoritySection: ';; PHẦN THẨM QUYỀN:',
    additionalSection: ';; PHẦN BỔ SUNG:',
    hiddenDnssec: (count) => `;; Đã ẩn ${count} bản ghi DNSSEC (thêm --dnssec để hiển thị)`,
    validation: {
      validated: ';; DNSSEC: đã xác thực: bộ phân giải đã kiểm tra chữ ký (có cờ AD)',
      checkingDisabled: ';; DNSSEC: không xác thực: đã tắt kiểm tra theo yêu cầu (cờ CD)',
      failed: ';; DNSSEC: xác thực thất bại: bộ phân giải từ chối chữ ký (xem lỗi DNS mở rộng)',
      notValidated:
        ';; DNSSEC: chưa được xác thực: vùng chưa được ký hoặc bộ phân giải không kiểm tra (không có cờ AD)',
    },
    elapsed: (ms) => `;; Thời gian truy vấn: ${ms} ms`,
    fromCache: ' (từ bộ nhớ đệm)',
    server: (endpoint, transport) => `;; MÁY CHỦ: ${endpoint} (${transport})`,
  },
  failure: {
    noAnswer: (query) => `Không có câu trả lời cho ${query}: mọi bộ phân giải đều thất bại.`,
    attempt: (kind, endpoint, detail) => `  - ${endpoint}: ${kind}: ${detail}`,
    kinds: {
      timeout: 'hết thời gian chờ',
      transport: 'lỗi mạng hoặc HTTP',
      'malformed-response': 'phản hồi sai định dạng',
      aborted: 'đã hủy',
      other: 'lỗi',
    },
    internal: (detail) => `Lỗi nội bộ (lỗi phần mềm: vui lòng báo cáo): ${detail}`,
  },
};
