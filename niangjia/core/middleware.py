from niangjia.core.context import client_ip, request_ip


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The configured proxy header (NIANGJIA_CLIENT_IP_HEADER) when behind a proxy, else REMOTE_ADDR.
        token = client_ip.set(request_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
